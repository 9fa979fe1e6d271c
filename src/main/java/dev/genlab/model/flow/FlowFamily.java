package dev.genlab.model.flow;

import ai.djl.ndarray.NDManager;
import dev.genlab.model.Generator;
import dev.genlab.model.ModelDirectory;
import dev.genlab.model.ModelFamily;

/** The normalizing-flow family. */
public final class FlowFamily implements ModelFamily {

    @Override
    public String name() {
        return FlowTrainer.NAME;
    }

    @Override
    public Generator load(ModelDirectory dir, NDManager manager) {
        return FlowModel.load(dir, manager);
    }
}
