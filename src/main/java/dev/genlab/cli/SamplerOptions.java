package dev.genlab.cli;

import dev.genlab.core.GenlabException;
import dev.genlab.model.Generator;
import dev.genlab.model.SamplerSettings;
import picocli.CommandLine.Option;

/** The options of iterative (diffusion) models; each left out takes the model's default. */
final class SamplerOptions {

    @Option(names = "--sampler", paramLabel = "NAME", description = "Sampler: ddpm, ddim, pndm, euler, euler-a, heun, "
            + "dpmpp-2m, dpmpp-2m-sde (default: the model's).")
    String sampler;

    @Option(names = "--steps", description = "Denoising steps (default: the model's).")
    Integer steps;

    @Option(names = "--cfg", paramLabel = "W", description = "Classifier-free guidance scale; 1 = none (default: the model's).")
    Double cfg;

    @Option(names = "--eta", description = "DDIM's η in [0, 1]: 0 deterministic, 1 ancestral (default: 0).")
    Double eta;

    @Option(names = "--karras", negatable = true, description = "Karras σ spacing for euler, euler-a, heun and dpmpp "
            + "samplers (default: the model's).")
    Boolean karras;

    boolean anyGiven() {
        return sampler != null || steps != null || cfg != null || eta != null || karras != null;
    }

    /** The model's defaults with the given options over them; null for a model that samples in one pass. */
    SamplerSettings resolve(Generator g) {
        SamplerSettings d = g.defaultSampler();
        if (d == null) {
            if (anyGiven()) {
                throw new GenlabException("model " + g.model().name() + " makes an image in one pass; --sampler, "
                        + "--steps, --cfg, --eta and --karras apply to diffusion models");
            }
            return null;
        }
        return new SamplerSettings(sampler != null ? sampler : d.sampler(), steps != null ? steps : d.steps(),
                cfg != null ? cfg : d.cfg(), eta != null ? eta : d.eta(), karras != null ? karras : d.karras());
    }
}
