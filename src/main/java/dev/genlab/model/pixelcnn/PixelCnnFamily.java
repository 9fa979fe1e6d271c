package dev.genlab.model.pixelcnn;

import dev.genlab.model.GenerateOption;
import dev.genlab.model.TrainedFamily;
import java.util.List;
import java.util.Set;

/** The autoregressive family: a gated PixelCNN. */
public final class PixelCnnFamily extends TrainedFamily {

    public static final String NAME = "pixelcnn";

    public PixelCnnFamily() {
        super(NAME, PixelCnnModel::load, PixelCnnTrainCommand::new);
    }

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
}
