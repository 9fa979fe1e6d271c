package dev.genlab.train;

import dev.genlab.core.UsageException;
import java.nio.file.Path;

/**
 * Options every family's training takes.
 *
 * @param data     dataset folder, or null for the installed Fashion-MNIST
 * @param out      model folder to write; checkpoints go there too
 * @param limit    train on the first {@code limit} images only (0 = all), for tests and quick looks
 * @param maxSteps stop after this many steps in total (0 = no limit); --resume continues
 * @param command  the command line, for the model card
 * @param name     the model's name in config.json
 */
public record TrainingOptions(Path data, Path out, int epochs, int batchSize, float learningRate, long seed,
        boolean resume, int limit, long maxSteps, int checkpointEvery, boolean progress, String command, String name) {

    public TrainingOptions {
        if (!(learningRate > 0) || learningRate > 1) {
            throw new UsageException("--lr must be in (0, 1], got " + learningRate);
        }
        // checks epochs, batch size and steps now, before a trainer divides by them (the parameters: in a compact
        // constructor the fields are not assigned yet)
        new TrainingLoop.Settings(epochs, batchSize, seed, checkpointEvery, maxSteps, progress);
        if (limit < 0) {
            throw new UsageException("--limit must be 0 (all images) or more, got " + limit);
        }
    }

    public TrainingLoop.Settings loopSettings() {
        return new TrainingLoop.Settings(epochs, batchSize, seed, checkpointEvery, maxSteps, progress);
    }

    public Path checkpointFile() {
        return out.resolve(Checkpoint.FILE_NAME);
    }
}
