package dev.genlab.model.diffusion;

import dev.genlab.model.TrainedFamily;
import dev.genlab.model.SamplerSettings;
import dev.genlab.modelstore.ModelDirectory;
import java.util.List;

/** Pixel-space diffusion models (DDPM). */
public final class DiffusionFamily extends TrainedFamily {

    public static final String NAME = "ddpm";

    public DiffusionFamily() {
        super(NAME, DiffusionModel::load, DiffusionTrainCommand::new);
    }

    @Override
    public SamplerSettings defaultSampler(ModelDirectory dir) {
        var m = dir.manifest();
        return DiffusionConfig.fromJson(m.image(), m.classes() == null ? java.util.List.of() : m.classes(), m.network())
                .defaults();
    }
}
