package dev.genlab.model.stylegan;

import dev.genlab.model.GenerateOption;
import dev.genlab.model.TrainedFamily;
import java.util.List;

/** The StyleGAN2-style family. */
public final class StyleGanFamily extends TrainedFamily {

    public static final String NAME = "stylegan";

    public StyleGanFamily() {
        super(NAME, StyleGanModel::load, StyleGanTrainCommand::new, AdaAblationCommand::new);
    }

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
}
