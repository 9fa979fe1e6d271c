package dev.genlab.model.vqvae;

import dev.genlab.model.TrainedFamily;

/** The hybrid family: a VQ-VAE whose discrete codes are modelled by a PixelCNN prior. */
public final class VqVaeFamily extends TrainedFamily {

    public static final String NAME = "vqvae";

    public VqVaeFamily() {
        super(NAME, VqVaeModel::load, VqVaeTrainCommand::new);
    }
}
