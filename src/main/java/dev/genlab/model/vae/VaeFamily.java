package dev.genlab.model.vae;

import ai.djl.ndarray.NDManager;
import dev.genlab.model.FamilyTrainCommand;
import dev.genlab.model.Generator;
import dev.genlab.model.ModelFamily;
import dev.genlab.modelstore.ModelDirectory;
import java.util.List;

/** The variational autoencoder family. */
public final class VaeFamily implements ModelFamily {

    public static final String NAME = "vae";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<FamilyTrainCommand> trainCommands() {
        return List.of(new VaeTrainCommand());
    }

    @Override
    public Generator load(ModelDirectory dir, NDManager manager) {
        return VaeModel.load(dir, manager);
    }
}
