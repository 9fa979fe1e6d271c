package dev.genlab.model.stylegan;

import dev.genlab.model.GenerateOption;
import dev.genlab.model.StyleSettings;
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
        List<GenerateOption> out = new java.util.ArrayList<>(StyleSettings.OPTIONS);
        out.add(new GenerateOption("--noise", StyleSettings.NOISE, "MODE",
                "StyleGAN: per-pixel noise random (default), const (the model's fixed maps) or none."));
        return out;
    }
}
