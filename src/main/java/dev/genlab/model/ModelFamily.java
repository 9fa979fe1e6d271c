package dev.genlab.model;

import ai.djl.ndarray.NDManager;

/** A kind of model (VAE, GAN, …): knows how to load its directories into a {@link Generator}. */
public interface ModelFamily {

    /** The name used in config.json and on the command line, e.g. "vae". */
    String name();

    Generator load(ModelDirectory dir, NDManager manager);

    /** The default sampler settings of an iterative model, read from its folder; null for one-pass models. */
    default SamplerSettings defaultSampler(ModelDirectory dir) {
        return null;
    }
}
