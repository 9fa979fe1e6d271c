package dev.genlab.model.vqvae;

import ai.djl.ndarray.NDManager;
import dev.genlab.core.UsageException;
import dev.genlab.model.FamilyTrainCommand;
import dev.genlab.model.TrainingContext;
import dev.genlab.train.ModelCardWriter;
import dev.genlab.train.options.LikelihoodEvalArgs;
import dev.genlab.train.options.TrainingArgs;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code genlab train vqvae}: both stages, the autoencoder and the prior over its codes. */
@Command(name = "vqvae", mixinStandardHelpOptions = true, description = {"Train a VQ-VAE and a PixelCNN prior "
    + "over its code grids (the hybrid of an autoencoder and an autoregressive model).", "Stage 1 trains the "
    + "autoencoder for --epochs, stage 2 the prior for --prior-epochs on the training images' codes; --resume "
    + "continues either. If a classifier is installed, FD-FMNIST of 500 samples goes into the model card."})
final class VqVaeTrainCommand extends FamilyTrainCommand {

    @Mixin
    TrainingArgs t = new TrainingArgs();

    @Option(names = "--channels", defaultValue = "64", description = "Channels of the autoencoder "
            + "(default: ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--codes", defaultValue = "128", description = "Codebook size (default: ${DEFAULT-VALUE}).")
    int codes;

    @Option(names = "--code-dim", defaultValue = "16", description = "Dimension of each code "
            + "(default: ${DEFAULT-VALUE}).")
    int codeDim;

    @Option(names = "--prior-epochs", defaultValue = "10", description = "Epochs of the prior "
            + "(default: ${DEFAULT-VALUE}).")
    int priorEpochs;

    @Option(names = "--prior-lr", defaultValue = "0.001", description = "Adam learning rate of the prior "
            + "(default: ${DEFAULT-VALUE}).")
    float priorLr;

    @Option(names = "--prior-channels", defaultValue = "64", description = "Channels of the prior's stacks "
            + "(default: ${DEFAULT-VALUE}).")
    int priorChannels;

    @Option(names = "--prior-layers", defaultValue = "8", description = "Gated layers of the prior "
            + "(default: ${DEFAULT-VALUE}).")
    int priorLayers;

    @Option(names = "--prior-hidden", defaultValue = "256", description = "Channels of the prior's output head "
            + "(default: ${DEFAULT-VALUE}).")
    int priorHidden;

    @Option(names = "--unconditional", description = "A prior that ignores class labels.")
    boolean unconditional;

    @Mixin
    LikelihoodEvalArgs eval = new LikelihoodEvalArgs();

    // the card's sample quality is measured with the installed classifier of this name
    private static final String CLASSIFIER = "classifier";

    @Override
    protected int train(TrainingContext context) {
        if (priorEpochs < 1) {
            throw new UsageException("--prior-epochs must be at least 1, got " + priorEpochs);
        }
        var o = new VqVaeTrainer.Options(t.toOptions(), channels, codes, codeDim, priorEpochs, priorLr, priorChannels,
                priorLayers, priorHidden, !unconditional, eval.evalImages());
        try (NDManager manager = context.newManager()) {
            var result = new VqVaeTrainer(System.err).train(o, manager,
                    context.quality(CLASSIFIER, 500, 0, manager));
            if (!result.finished()) {
                System.out.println("stopped before the end of both stages; continue with --resume");
                return 0;
            }
            System.out.printf(Locale.ROOT, "model written to %s (autoencoder %d steps, prior %d steps, %d s); %s%n",
                    result.modelDir(), result.autoencoder().globalStep(), result.prior().globalStep(),
                    Math.round(result.autoencoder().seconds() + result.prior().seconds()),
                    ModelCardWriter.format(result.metrics()));
        }
        return 0;
    }
}
