package dev.genlab.model.vae;

import ai.djl.ndarray.NDManager;
import dev.genlab.model.FamilyTrainCommand;
import dev.genlab.model.TrainingContext;
import dev.genlab.train.options.TrainingArgs;
import dev.genlab.train.options.TrainingSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code genlab train vae}. */
@Command(name = "vae", mixinStandardHelpOptions = true, description = "Train a convolutional VAE.")
final class VaeTrainCommand extends FamilyTrainCommand {

    @Mixin
    TrainingArgs t = new TrainingArgs();

    @Option(names = "--latent", defaultValue = "32", description = "Latent size (default: ${DEFAULT-VALUE}).")
    int latent;

    @Option(names = "--channels", defaultValue = "32", description = "Channels of the first stage "
            + "(default: ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--beta", defaultValue = "1.0", description = "Weight of the KL term (default: ${DEFAULT-VALUE}).")
    double beta;

    @Option(names = "--unconditional", description = "Ignore class labels.")
    boolean unconditional;

    @Override
    protected int train(TrainingContext context) {
        var o = new VaeTrainer.Options(t.toOptions(), latent, channels, beta, !unconditional);
        try (NDManager manager = context.newManager()) {
            var result = new VaeTrainer(System.err).train(o, manager);
            TrainingSummary.written(result.modelDir(), result.state(), "");
        }
        return 0;
    }
}
