package dev.genlab.model;

import dev.genlab.core.UsageException;
import dev.genlab.data.Image;
import dev.genlab.modelstore.ModelDirectory;
import java.util.List;
import java.util.Map;

/**
 * What every family offers: images from seeds. Implementations keep their networks loaded between calls
 * and must be deterministic: the same request on the same device and thread count gives the same floats.
 */
public interface Generator extends AutoCloseable {

    ModelDirectory model();

    /** Names of the classes the model can be asked for; empty for an unconditional model. */
    List<String> classNames();

    /**
     * Whether the model takes a text prompt (the {@code prompt} option) rather than a class: a text-to-image
     * model, which bench and eval condition on a caption of each class instead of the class itself.
     */
    default boolean followsPrompts() {
        return false;
    }

    /** The sampler settings an iterative model uses by default; null for a model that makes an image in one pass. */
    default SamplerSettings defaultSampler() {
        return null;
    }

    /**
     * This model's settings beyond seed, class and sampler (a procedural generator's size and parameters),
     * checked and completed with defaults, in the form recorded in each PNG. Models without such settings
     * accept none.
     */
    default Map<String, String> resolveOptions(Map<String, String> given) {
        if (!given.isEmpty()) {
            throw new UsageException("model " + model().name() + " takes no settings, got " + String.join(", ",
                    given.keySet()) + " (`genlab generate --help` says which models each flag belongs to)");
        }
        return Map.of();
    }

    /**
     * Lines that {@code genlab models NAME} prints about the settings {@link #resolveOptions} accepts (a
     * procedural generator's parameters); none by default.
     */
    default List<String> describeSettings() {
        return List.of();
    }

    /** Whether images computed together are faster than one by one (false: bench times batch 1 only). */
    default boolean batchingHelps() {
        return true;
    }

    /**
     * The largest batch this model computes within the memory the machine has free now (bench searches batch
     * sizes up to it; a larger one is refused with what it needs); unlimited by default, for models whose
     * images are small.
     */
    default int largestBatch() {
        return Integer.MAX_VALUE;
    }

    /** Why quality against the training data does not apply to this model (bench prints "n/a" and this), or null. */
    default String qualityNotApplicable() {
        return null;
    }

    /**
     * Generates one image per seed, evaluated together as one batch. Batching changes floating-point
     * results in the last bits, so callers that must reproduce single images use the same grouping.
     */
    List<Sample> generate(GenerationRequest request);

    @Override
    void close();
}
