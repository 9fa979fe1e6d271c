package dev.genlab.model.flow;

import dev.genlab.model.TrainedFamily;
import java.util.Set;

/** The normalizing-flow family. */
public final class FlowFamily extends TrainedFamily {

    public static final String NAME = "flow";

    public FlowFamily() {
        super(NAME, FlowModel::load, FlowTrainCommand::new);
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.DEQUANTISED_LIKELIHOOD);
    }
}
