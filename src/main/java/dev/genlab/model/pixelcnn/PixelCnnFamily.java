package dev.genlab.model.pixelcnn;

import ai.djl.ndarray.NDManager;
import dev.genlab.model.Generator;
import dev.genlab.model.ModelFamily;
import dev.genlab.modelstore.ModelDirectory;
import java.util.Set;

/** The autoregressive family: a gated PixelCNN. */
public final class PixelCnnFamily implements ModelFamily {

    public static final String NAME = "pixelcnn";

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.EXACT_LIKELIHOOD);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Generator load(ModelDirectory dir, NDManager manager) {
        return PixelCnnModel.load(dir, manager);
    }
}
