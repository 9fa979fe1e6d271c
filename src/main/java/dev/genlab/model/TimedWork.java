package dev.genlab.model;

import java.util.Map;

/**
 * A model whose whole image costs minutes here (Stable Diffusion: fifty UNet evaluations of 1.6 TFLOP), so bench
 * times a unit of its work by default: one prompt's text encoding, one guided UNet evaluation and a VAE round trip
 * of one image, from which any step count's time follows. Asked for sampler rows (--samplers, --steps, --cfg),
 * bench times whole generations instead, with {@link #benchGenerationOptions}. Bench measures speed and memory
 * only; quality needs images of the data the metrics know.
 */
public interface TimedWork {

    /** One unit of work, made from {@code seed}: what bench counts as one image. */
    void work(long seed);

    /** What one unit is, in words, for the report. */
    String unit();

    /** What a whole generation in a bench row needs beyond seeds and a sampler (a prompt), resolved. */
    Map<String, String> benchGenerationOptions();
}
