package dev.genlab.model;

import dev.genlab.data.Image;
import java.util.List;

/**
 * What every family offers: images from seeds. Implementations keep their networks loaded between calls
 * and must be deterministic: the same request on the same device and thread count gives the same floats.
 */
public interface Generator extends AutoCloseable {

    ModelDirectory model();

    /** Names of the classes the model can be asked for; empty for an unconditional model. */
    List<String> classNames();

    /** The sampler settings an iterative model uses by default; null for a model that makes an image in one pass. */
    default SamplerSettings defaultSampler() {
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
