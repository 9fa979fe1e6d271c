package dev.genlab.model.latent;

import dev.genlab.model.GenerateOption;
import dev.genlab.model.TrainedFamily;
import dev.genlab.model.SamplerSettings;
import dev.genlab.modelstore.ModelDirectory;
import java.util.List;

/** Text-to-image latent diffusion models. */
public final class LdmFamily extends TrainedFamily {

    public static final String NAME = "ldm";

    public LdmFamily() {
        super(NAME, LdmModel::load, LdmTrainCommand::new);
    }

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
    public SamplerSettings defaultSampler(ModelDirectory dir) {
        return LdmConfig.fromJson(dir.manifest().image(), dir.manifest().network()).defaults();
    }
}
