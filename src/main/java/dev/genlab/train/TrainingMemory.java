package dev.genlab.train;

import ai.djl.ndarray.types.Shape;
import dev.genlab.core.MemoryBudget;
import dev.genlab.core.SeededRandom;
import dev.genlab.data.ImageDataset;
import dev.genlab.nn.ActivationBytes;
import dev.genlab.nn.GradientRecording;

/**
 * Refuses a batch size whose training step would not fit in memory, before the first step: a DDPM step on
 * 30,000 Fashion-MNIST images took 24 GB and was killed by the kernel after 42 s, with no word. The cost of an
 * image is measured, not guessed: the family's forward pass on {@link #PROBE_IMAGES} images, recorded for a
 * backward pass as training records it, keeps every activation the step will hold; their bytes, with a margin
 * for what the backward pass adds, scale with the batch.
 */
final class TrainingMemory {

    static final int PROBE_IMAGES = 2;
    /**
     * A step's peak over its forward pass's activations, measured (peak RSS over two steps, less the process
     * before them, per image): DDPM 1.0 at batch 400, VAE 1.0 at 1000, DCGAN 1.27 at 4000; 1.5 leaves a margin.
     */
    static final double BACKWARD_FACTOR = 1.5;
    private static final long PROBE = 0x50524FL;

    private TrainingMemory() {}

    /** Bytes one image of a batch adds to a training step, measured on a few of the data's images. */
    static long bytesPerImage(TrainingObjective objective, ImageDataset data, long seed) {
        int n = Math.min(PROBE_IMAGES, data.size());
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        try (GradientRecording ignored = GradientRecording.start()) { // the training path, never differentiated
            long forward = ActivationBytes.perItem(objective.parameters().manager(), n, m -> objective.probe(
                    m.create(data.gather(order, 0, n), new Shape(n, data.channels(), data.height(), data.width())),
                    // its own stream: the training steps draw exactly what they would have drawn without it
                    data.gatherLabels(order, 0, n), SeededRandom.derive(seed, PROBE, 0)));
            return (long) (BACKWARD_FACTOR * forward);
        }
    }

    /** Stops with both figures when {@code batchSize} images would need more memory than is free. */
    static void check(TrainingObjective objective, ImageDataset data, int batchSize, long seed) {
        long perImage = bytesPerImage(objective, data, seed);
        MemoryBudget.require(perImage * batchSize, "a training step on --batch-size " + batchSize + " ("
                + String.format(java.util.Locale.ROOT, "%.1f", perImage / 1e6) + " MB an image)",
                "use a smaller --batch-size (about " + Math.max(1, MemoryBudget.availableBytes() / 2 / perImage)
                + " fits in half of it)");
    }
}
