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
        return GenerateOption.TEXT_TO_IMAGE;
    }

    @Override
    public SamplerSettings defaultSampler(ModelDirectory dir) {
        return LdmConfig.fromJson(dir.manifest().image(), dir.manifest().network()).defaults();
    }
}
