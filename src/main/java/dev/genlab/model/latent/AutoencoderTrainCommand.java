package dev.genlab.model.latent;

import ai.djl.ndarray.NDManager;
import dev.genlab.model.FamilyTrainCommand;
import dev.genlab.model.TrainingContext;
import dev.genlab.train.options.LikelihoodEvalArgs;
import dev.genlab.train.options.TrainingArgs;
import dev.genlab.train.options.TrainingSummary;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code genlab train autoencoder}: the first stage of the text-to-image model. */
@Command(name = "autoencoder", mixinStandardHelpOptions = true, description = {"Train the KL autoencoder of the "
        + "text-to-image model (Stable Diffusion's VAE at small scale).",
    "The model card gets the latent scale factor and the test split's reconstruction PSNR."})
final class AutoencoderTrainCommand extends FamilyTrainCommand {

    @Mixin
    TrainingArgs t = new TrainingArgs();

    @Option(names = "--channels", defaultValue = "32", description = "Channels at full resolution "
            + "(default: ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--latent-channels", defaultValue = "4", description = "Channels of the latent "
            + "(default: ${DEFAULT-VALUE}, as Stable Diffusion's).")
    int latentChannels;

    @Option(names = "--kl-weight", defaultValue = "1e-4", description = "Weight of the KL term against the summed "
            + "squared error (default: ${DEFAULT-VALUE}).")
    double klWeight;

    @Mixin
    LikelihoodEvalArgs eval = new LikelihoodEvalArgs();

    @Override
    protected int train(TrainingContext context) {
        var o = new AutoencoderTrainer.Options(t.toOptions(), channels, latentChannels, klWeight, eval.evalImages());
        try (NDManager manager = context.newManager()) {
            var r = new AutoencoderTrainer(System.err).train(o, manager);
            TrainingSummary.written(r.modelDir(), r.state(), String.format(Locale.ROOT,
                    "; test PSNR %.2f dB, scale factor %.5f", r.test().psnr(), r.scaleFactor()));
        }
        return 0;
    }
}
