package dev.genlab.model.stylegan;

import ai.djl.ndarray.NDManager;
import dev.genlab.model.GenerateOption;
import dev.genlab.model.FamilyTrainCommand;
import dev.genlab.model.Generator;
import dev.genlab.model.ModelFamily;
import dev.genlab.modelstore.ModelDirectory;
import java.util.List;

/** The StyleGAN2-style family. */
public final class StyleGanFamily implements ModelFamily {

    public static final String NAME = "stylegan";

    @Override
    public List<GenerateOption> generateOptions() {
        return List.of(
                new GenerateOption("--truncation", "truncation", "PSI",
                        "StyleGAN: pull w toward its average, ψ in [0, 2] (default: 1, no truncation)."),
                new GenerateOption("--mix-seed", "mix_seed", "S2",
                        "StyleGAN: style mixing, layers from --mix-layer on take their styles from seed S2."),
                new GenerateOption("--mix-layer", "mix_layer", "K", "StyleGAN: the first layer that takes S2's style."),
                new GenerateOption("--noise", "noise", "MODE",
                        "StyleGAN: per-pixel noise random (default), const (the model's fixed maps) or none."));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<FamilyTrainCommand> trainCommands() {
        return List.of(new StyleGanTrainCommand(), new AdaAblationCommand());
    }

    @Override
    public Generator load(ModelDirectory dir, NDManager manager) {
        return StyleGanModel.load(dir, manager);
    }
}
