package dev.genlab.model.gan;

import ai.djl.ndarray.NDManager;
import dev.genlab.model.FamilyTrainCommand;
import dev.genlab.model.Generator;
import dev.genlab.model.ModelFamily;
import dev.genlab.modelstore.ModelDirectory;
import java.util.List;

/** The DCGAN family. */
public final class GanFamily implements ModelFamily {

    public static final String NAME = "dcgan";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<FamilyTrainCommand> trainCommands() {
        return List.of(new GanTrainCommand());
    }

    @Override
    public Generator load(ModelDirectory dir, NDManager manager) {
        return GanModel.load(dir, manager);
    }
}
