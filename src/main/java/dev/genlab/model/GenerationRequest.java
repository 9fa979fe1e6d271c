package dev.genlab.model;

import dev.genlab.core.GenlabException;

/**
 * What to generate.
 *
 * @param seeds       one per image
 * @param classIndex  the class to generate, or null to let each image's seed choose one (conditional
 *                    models) or for unconditional models
 * @param temperature scale of the prior noise (1 = the trained distribution)
 */
public record GenerationRequest(long[] seeds, Integer classIndex, double temperature) {

    public GenerationRequest {
        if (seeds.length == 0) {
            throw new IllegalArgumentException("no seeds");
        }
        if (!(temperature > 0) || temperature > 10) {
            throw new GenlabException("--temperature must be in (0, 10], got " + temperature);
        }
    }
}
