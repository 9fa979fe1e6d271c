package dev.genlab.model.vae;

import dev.genlab.model.TrainedFamily;

/** The variational autoencoder family. */
public final class VaeFamily extends TrainedFamily {

    public static final String NAME = "vae";

    public VaeFamily() {
        super(NAME, VaeModel::load, VaeTrainCommand::new);
    }
}
