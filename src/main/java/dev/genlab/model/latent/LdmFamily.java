package dev.genlab.model.latent;

import ai.djl.ndarray.NDManager;
import dev.genlab.model.GenerateOption;
import dev.genlab.model.FamilyTrainCommand;
import dev.genlab.model.Generator;
import dev.genlab.model.ModelFamily;
import dev.genlab.model.SamplerSettings;
import dev.genlab.modelstore.ModelDirectory;
import java.util.List;

/** Text-to-image latent diffusion models. */
public final class LdmFamily implements ModelFamily {

    public static final String NAME = "ldm";

    @Override
    public List<GenerateOption> generateOptions() {
        return List.of(
                new GenerateOption("--negative", "negative_prompt", "TEXT", "Text-to-image models: a negative prompt, "
                        + "what to steer away from (it replaces the unconditional context of guidance)."),
                new GenerateOption("--init", "init", "IMAGE",
                        "Text-to-image models: the image to start from (image-to-image, inpainting)."),
                new GenerateOption("--strength", "strength", "S", "Text-to-image models with --init: share of the "
                        + "steps run from the init image, 0 (keep it) to 1 (redraw it); default 0.75, 1 with --mask."),
                new GenerateOption("--mask", "mask", "MASK.png", "Text-to-image models with --init: inpaint where the "
                        + "mask is white, keep the init image where it is black."));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<FamilyTrainCommand> trainCommands() {
        return List.of(new LdmTrainCommand());
    }

    @Override
    public Generator load(ModelDirectory dir, NDManager manager) {
        return LdmModel.load(dir, manager);
    }

    @Override
    public SamplerSettings defaultSampler(ModelDirectory dir) {
        return LdmConfig.fromJson(dir.manifest().image(), dir.manifest().network()).defaults();
    }
}
