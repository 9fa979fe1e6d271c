package dev.genlab.model.pixelcnn;

import ai.djl.ndarray.NDManager;
import dev.genlab.model.GenerateOption;
import dev.genlab.model.FamilyTrainCommand;
import dev.genlab.model.Generator;
import dev.genlab.model.ModelFamily;
import dev.genlab.modelstore.ModelDirectory;
import java.util.List;
import java.util.Set;

/** The autoregressive family: a gated PixelCNN. */
public final class PixelCnnFamily implements ModelFamily {

    public static final String NAME = "pixelcnn";

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.EXACT_LIKELIHOOD);
    }

    @Override
    public List<GenerateOption> generateOptions() {
        return List.of(
                new GenerateOption("--init", "init", "IMAGE",
                        "PixelCNN: complete this image: keep its top rows and sample the rest (--keep-rows)."),
                new GenerateOption("--keep-rows", "keep_rows", "K", "PixelCNN with --init: rows to keep (default: half)."));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<FamilyTrainCommand> trainCommands() {
        return List.of(new PixelCnnTrainCommand());
    }

    @Override
    public Generator load(ModelDirectory dir, NDManager manager) {
        return PixelCnnModel.load(dir, manager);
    }
}
