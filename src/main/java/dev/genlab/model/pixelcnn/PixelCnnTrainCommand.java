package dev.genlab.model.pixelcnn;

import ai.djl.ndarray.NDManager;
import dev.genlab.model.FamilyTrainCommand;
import dev.genlab.model.TrainingContext;
import dev.genlab.train.options.LikelihoodEvalArgs;
import dev.genlab.train.options.TrainingArgs;
import dev.genlab.train.options.TrainingSummary;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code genlab train pixelcnn}. */
@Command(name = "pixelcnn", mixinStandardHelpOptions = true, description = {"Train a gated PixelCNN "
    + "(autoregressive, exact likelihood).", "The model card gets the test split's negative log-likelihood in "
    + "bits per dimension."})
final class PixelCnnTrainCommand extends FamilyTrainCommand {

    @Mixin
    TrainingArgs t = new TrainingArgs();

    @Option(names = "--channels", defaultValue = "32", description = "Channels of both stacks "
            + "(default: ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--layers", defaultValue = "7", description = "Gated layers (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--dilations", split = ",", paramLabel = "D1,D2", description = "Dilations of the 3×3 "
            + "layers after the first, repeated in turn (default: 1, the paper's dense stack). With 1,2,4 the 7 "
            + "layers see 18 rows above a pixel instead of 10, at the same cost.")
    List<Integer> dilations = new ArrayList<>(List.of(1));

    @Option(names = "--hidden", defaultValue = "128", description = "Channels of the output head "
            + "(default: ${DEFAULT-VALUE}).")
    int hidden;

    @Mixin
    LikelihoodEvalArgs eval = new LikelihoodEvalArgs();

    @Option(names = "--unconditional", description = "Ignore class labels.")
    boolean unconditional;

    @Override
    protected int train(TrainingContext context) {
        var o = new PixelCnnTrainer.Options(t.toOptions(), channels, layers, hidden, !unconditional, eval.evalImages(),
                dilations);
        try (NDManager manager = context.newManager()) {
            var result = new PixelCnnTrainer(System.err).train(o, manager);
            TrainingSummary.written(result.modelDir(), result.state(), "");
        }
        return 0;
    }
}
