package dev.genlab.model.latent;

import ai.djl.ndarray.NDManager;
import dev.genlab.model.FamilyTrainCommand;
import dev.genlab.model.Generator;
import dev.genlab.model.ModelFamily;
import dev.genlab.modelstore.ModelDirectory;
import java.util.List;

/** The KL autoencoder of latent diffusion: reconstructs images; as a generator it decodes Gaussian latents. */
public final class AutoencoderFamily implements ModelFamily {

    public static final String NAME = "autoencoder";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<FamilyTrainCommand> trainCommands() {
        return List.of(new AutoencoderTrainCommand());
    }

    @Override
    public Generator load(ModelDirectory dir, NDManager manager) {
        return AutoencoderModel.load(dir, manager);
    }
}
