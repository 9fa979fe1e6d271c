package dev.genlab.model.pixelcnn;

import ai.djl.ndarray.NDManager;
import dev.genlab.model.Generator;
import dev.genlab.model.ModelDirectory;
import dev.genlab.model.ModelFamily;

/** The autoregressive family: a gated PixelCNN. */
public final class PixelCnnFamily implements ModelFamily {

    public static final String NAME = "pixelcnn";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Generator load(ModelDirectory dir, NDManager manager) {
        return PixelCnnModel.load(dir, manager);
    }
}
