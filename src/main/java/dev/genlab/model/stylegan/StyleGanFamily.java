package dev.genlab.model.stylegan;

import ai.djl.ndarray.NDManager;
import dev.genlab.model.Generator;
import dev.genlab.model.ModelFamily;
import dev.genlab.modelstore.ModelDirectory;

/** The StyleGAN2-style family. */
public final class StyleGanFamily implements ModelFamily {

    public static final String NAME = "stylegan";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Generator load(ModelDirectory dir, NDManager manager) {
        return StyleGanModel.load(dir, manager);
    }
}
