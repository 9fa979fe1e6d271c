package dev.genlab.model;

/**
 * A model that bench times by another unit of work than generating images from seeds: Stable Diffusion's
 * checkpoint before genlab runs its UNet, timed by what it can do (a VAE round trip of one image and one
 * prompt's text encoding). Bench then measures speed and memory only; quality needs generated images.
 */
public interface TimedWork {

    /** One unit of work, made from {@code seed}: what bench counts as one image. */
    void work(long seed);

    /** What one unit is, in words, for the report. */
    String unit();
}
