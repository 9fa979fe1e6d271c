package dev.genlab.model.diffusion;

import ai.djl.ndarray.NDManager;
import dev.genlab.model.FamilyTrainCommand;
import dev.genlab.model.Generator;
import dev.genlab.model.ModelFamily;
import dev.genlab.model.SamplerSettings;
import dev.genlab.modelstore.ModelDirectory;
import java.util.List;

/** Pixel-space diffusion models (DDPM). */
public final class DiffusionFamily implements ModelFamily {

    public static final String NAME = "ddpm";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<FamilyTrainCommand> trainCommands() {
        return List.of(new DiffusionTrainCommand());
    }

    @Override
    public Generator load(ModelDirectory dir, NDManager manager) {
        return DiffusionModel.load(dir, manager);
    }

    @Override
    public SamplerSettings defaultSampler(ModelDirectory dir) {
        var m = dir.manifest();
        return DiffusionConfig.fromJson(m.image(), m.classes() == null ? java.util.List.of() : m.classes(), m.network())
                .defaults();
    }
}
