package dev.genlab.model;

import dev.genlab.core.UsageException;

/**
 * How an iterative model (diffusion) turns noise into an image; one-pass models ignore it. Checked
 * against the model's own limits (training steps, sampler names) when the model runs.
 *
 * @param sampler     CLI name of the sampler, e.g. {@code dpmpp-2m}
 * @param steps       denoising steps
 * @param cfg         classifier-free guidance scale (1 = none)
 * @param eta         DDIM's η
 * @param karras      Karras σ spacing for the σ-space samplers
 */
public record SamplerSettings(String sampler, int steps, double cfg, double eta, boolean karras) {

    public SamplerSettings {
        if (sampler == null || sampler.isBlank()) {
            throw new UsageException("--sampler must name a sampler");
        }
        if (steps < 1) {
            throw new UsageException("--steps must be at least 1, got " + steps);
        }
        if (!(cfg >= 0) || cfg > 100) {
            throw new UsageException("--cfg must be between 0 and 100, got " + cfg);
        }
        if (!(eta >= 0 && eta <= 1)) {
            throw new UsageException("--eta must be in [0, 1], got " + eta);
        }
    }
}
