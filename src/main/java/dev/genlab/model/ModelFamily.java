package dev.genlab.model;

import ai.djl.ndarray.NDManager;
import dev.genlab.modelstore.ModelDirectory;
import dev.genlab.modelstore.ModelManifest;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** A kind of model (VAE, GAN, …): knows how to load its directories into a {@link Generator}. */
public interface ModelFamily {

    /** The name used in config.json and on the command line, e.g. "vae". */
    String name();

    Generator load(ModelDirectory dir, NDManager manager);

    /** What bench and the report need to know of a family, so that they never test its name. */
    enum Capability {
        /** Makes images from a formula, not from training data: left out of the advice that compares models. */
        PROCEDURAL,
        /** Records the exact likelihood of 8-bit test images (test_bits_per_dim). */
        EXACT_LIKELIHOOD,
        /** Records a continuous density of dequantised test images: an upper bound of their bits per dim. */
        DEQUANTISED_LIKELIHOOD
    }

    default Set<Capability> capabilities() {
        return Set.of();
    }

    /** The flags this family adds to {@code genlab generate} (the command registers them; none by default). */
    default List<GenerateOption> generateOptions() {
        return List.of();
    }

    /**
     * This family's {@code genlab train} subcommands, new objects on each call (none for a family that is not
     * trained here). Each is a picocli command the command line registers and binds to its context.
     */
    default List<FamilyTrainCommand> trainCommands() {
        return List.of();
    }

    /**
     * The manifest of a model folder that points at a checkpoint the user brings ({@code genlab models add
     * NAME PATH}), if this family runs what the checkpoint holds; null if it is not this family's. A checkpoint
     * of this family's kind that genlab does not run yet is refused with what was detected.
     *
     * @param extras files that go with the checkpoint, each null when not given
     */
    default ModelManifest adopt(String name, Path checkpoint, CheckpointExtras extras) {
        return null;
    }

    /**
     * Files a user may give with a checkpoint: a separate VAE (instead of the checkpoint's) and the tokenizer's
     * vocabulary (when neither the checkpoint's folder nor the Hugging Face cache has one).
     */
    record CheckpointExtras(Path vae, Path tokenizer) {}

    /**
     * The real architectures this family can write with random weights ({@code genlab checkpoint random}), so
     * that bench times them where the real weights are not at hand; none by default.
     */
    default List<RandomArchitecture> randomArchitectures() {
        return List.of();
    }

    /**
     * An architecture written with random weights.
     *
     * @param name        as typed after {@code genlab checkpoint random}, e.g. "sd1"
     * @param description a sentence for the command's help
     * @param writer      writes the file from a float type and seed; returns a line saying what it wrote
     */
    record RandomArchitecture(String name, String description, RandomWriter writer) {}

    /** Writes a random-weight checkpoint. */
    @FunctionalInterface
    interface RandomWriter {
        String write(Path out, dev.genlab.data.safetensors.DType dtype, long seed);
    }

    /** The default sampler settings of an iterative model, read from its folder; null for one-pass models. */
    default SamplerSettings defaultSampler(ModelDirectory dir) {
        return null;
    }

    /**
     * Whether bench makes this family's rows per sampler only when asked (--samplers, --steps, --cfg), timing a
     * unit of its work otherwise ({@link TimedWork}): for models whose whole image takes minutes here.
     */
    default boolean samplerRowsOnRequest() {
        return false;
    }
}
