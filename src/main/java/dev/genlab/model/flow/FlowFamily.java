package dev.genlab.model.flow;

import ai.djl.ndarray.NDManager;
import dev.genlab.model.Generator;
import dev.genlab.model.ModelFamily;
import dev.genlab.modelstore.ModelDirectory;
import java.util.Set;

/** The normalizing-flow family. */
public final class FlowFamily implements ModelFamily {

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.DEQUANTISED_LIKELIHOOD);
    }

    @Override
    public String name() {
        return FlowTrainer.NAME;
    }

    @Override
    public Generator load(ModelDirectory dir, NDManager manager) {
        return FlowModel.load(dir, manager);
    }
}
