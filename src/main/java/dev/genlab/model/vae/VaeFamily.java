package dev.genlab.model.vae;

import ai.djl.ndarray.NDManager;
import dev.genlab.model.Generator;
import dev.genlab.model.ModelFamily;
import dev.genlab.modelstore.ModelDirectory;

/** The variational autoencoder family. */
public final class VaeFamily implements ModelFamily {

    public static final String NAME = "vae";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Generator load(ModelDirectory dir, NDManager manager) {
        return VaeModel.load(dir, manager);
    }
}
