package dev.genlab.model.flow;

import ai.djl.ndarray.NDManager;
import dev.genlab.model.FamilyTrainCommand;
import dev.genlab.model.Generator;
import dev.genlab.model.ModelFamily;
import dev.genlab.modelstore.ModelDirectory;
import java.util.List;
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
    public List<FamilyTrainCommand> trainCommands() {
        return List.of(new FlowTrainCommand());
    }

    @Override
    public Generator load(ModelDirectory dir, NDManager manager) {
        return FlowModel.load(dir, manager);
    }
}
