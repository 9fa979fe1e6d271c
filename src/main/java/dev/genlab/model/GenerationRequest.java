package dev.genlab.model;

import dev.genlab.core.UsageException;

/**
 * What to generate.
 *
 * @param seeds       one per image
 * @param classIndex  the class to generate, or null to let each image's seed choose one (conditional
 *                    models) or for unconditional models
 * @param temperature scale of the prior noise (1 = the trained distribution)
 * @param sampler     how an iterative model samples, or null for its defaults (one-pass models ignore it)
 */
public record GenerationRequest(long[] seeds, Integer classIndex, double temperature, SamplerSettings sampler) {

    public GenerationRequest(long[] seeds, Integer classIndex, double temperature) {
        this(seeds, classIndex, temperature, null);
    }

    public GenerationRequest {
        if (seeds.length == 0) {
            throw new IllegalArgumentException("no seeds");
        }
        if (!(temperature > 0) || temperature > 10) {
            throw new UsageException("--temperature must be in (0, 10], got " + temperature);
        }
    }
}
