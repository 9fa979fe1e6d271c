package dev.genlab.model.latent;

import ai.djl.ndarray.NDManager;
import dev.genlab.model.Generator;
import dev.genlab.model.ModelFamily;
import dev.genlab.model.SamplerSettings;
import dev.genlab.modelstore.ModelDirectory;

/** Text-to-image latent diffusion models. */
public final class LdmFamily implements ModelFamily {

    public static final String NAME = "ldm";

    @Override
    public String name() {
        return NAME;
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
