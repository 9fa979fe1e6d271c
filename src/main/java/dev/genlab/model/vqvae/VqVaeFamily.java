package dev.genlab.model.vqvae;

import ai.djl.ndarray.NDManager;
import dev.genlab.model.FamilyTrainCommand;
import dev.genlab.model.Generator;
import dev.genlab.model.ModelFamily;
import dev.genlab.modelstore.ModelDirectory;
import java.util.List;

/** The hybrid family: a VQ-VAE whose discrete codes are modelled by a PixelCNN prior. */
public final class VqVaeFamily implements ModelFamily {

    public static final String NAME = "vqvae";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<FamilyTrainCommand> trainCommands() {
        return List.of(new VqVaeTrainCommand());
    }

    @Override
    public Generator load(ModelDirectory dir, NDManager manager) {
        return VqVaeModel.load(dir, manager);
    }
}
