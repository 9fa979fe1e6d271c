package dev.genlab.model.latent;

import dev.genlab.model.TrainedFamily;

/** The KL autoencoder of latent diffusion: reconstructs images; as a generator it decodes Gaussian latents. */
public final class AutoencoderFamily extends TrainedFamily {

    public static final String NAME = "autoencoder";

    public AutoencoderFamily() {
        super(NAME, AutoencoderModel::load, AutoencoderTrainCommand::new);
    }
}
