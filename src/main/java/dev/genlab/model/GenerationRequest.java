package dev.genlab.model;

import dev.genlab.core.UsageException;
import java.util.Map;

/**
 * What to generate.
 *
 * @param seeds       one per image
 * @param classIndex  the class to generate, or null to let each image's seed choose one (conditional
 *                    models) or for unconditional models
 * @param temperature scale of the prior noise (1 = the trained distribution)
 * @param sampler     how an iterative model samples, or null for its defaults (one-pass models ignore it)
 * @param options     the model's own settings ({@link Generator#resolveOptions}); empty for the defaults
 */
public record GenerationRequest(long[] seeds, Integer classIndex, double temperature, SamplerSettings sampler,
        Map<String, String> options) {

    public GenerationRequest(long[] seeds, Integer classIndex, double temperature, SamplerSettings sampler) {
        this(seeds, classIndex, temperature, sampler, Map.of());
    }

    public GenerationRequest(long[] seeds, Integer classIndex, double temperature) {
        this(seeds, classIndex, temperature, null);
    }

    public GenerationRequest {
        options = options == null ? Map.of() : Map.copyOf(options);
        if (seeds.length == 0) {
            throw new IllegalArgumentException("no seeds");
        }
        if (!(temperature > 0) || temperature > 10) {
            throw new UsageException("--temperature must be in (0, 10], got " + temperature);
        }
    }
}
