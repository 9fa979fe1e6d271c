package dev.genlab.model.gan;

import dev.genlab.model.TrainedFamily;

/** The DCGAN family. */
public final class GanFamily extends TrainedFamily {

    public static final String NAME = "dcgan";

    public GanFamily() {
        super(NAME, GanModel::load, GanTrainCommand::new);
    }
}
