package dev.genlab.model.latent;

import ai.djl.ndarray.NDManager;
import dev.genlab.core.GenlabException;
import dev.genlab.model.FamilyTrainCommand;
import dev.genlab.model.TrainingContext;
import dev.genlab.modelstore.ModelDirectory;
import dev.genlab.train.options.DiffusionArgs;
import dev.genlab.train.options.MeasuredTrainingArgs;
import dev.genlab.train.options.TrainingArgs;
import dev.genlab.train.options.TrainingSummary;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code genlab train ldm}: the second stage of the text-to-image model, on an autoencoder's latents. */
@Command(name = "ldm", mixinStandardHelpOptions = true, description = {"Train the text-to-image latent diffusion "
        + "model on an autoencoder's latents, with captions written from the class labels and the frozen "
        + "all-MiniLM-L6-v2 text encoder.",
    "The model card gets the prompt accuracy on training captions and on held-out paraphrases."})
final class LdmTrainCommand extends FamilyTrainCommand {

    @Mixin
    TrainingArgs t = new TrainingArgs("0.0005");

    @Option(names = "--autoencoder", paramLabel = "DIR", description = "The autoencoder's model folder "
            + "(default: the installed model 'autoencoder').")
    Path autoencoder;

    @Option(names = "--channels", defaultValue = "64", description = "UNet channels at the latent's full "
            + "resolution (default: ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--heads", defaultValue = "4", description = "Cross-attention heads (default: ${DEFAULT-VALUE}).")
    int heads;

    @Mixin
    DiffusionArgs diffusion = new DiffusionArgs("scaled-linear");

    @Option(names = "--drop-prompt", defaultValue = "0.1", description = "Share of captions replaced by the empty "
            + "prompt, for classifier-free guidance (default: ${DEFAULT-VALUE}).")
    double dropPrompt;

    @Option(names = "--captions-per-class", defaultValue = "256", description = "Training captions per class, "
            + "each encoded once (default: ${DEFAULT-VALUE}).")
    int captionsPerClass;

    @Option(names = "--ema", defaultValue = "0.999", description = "Decay per step of the weight average that is "
            + "shipped (default: ${DEFAULT-VALUE}).")
    float ema;

    @Option(names = "--classifier", defaultValue = "classifier", description = "Installed classifier that measures "
            + "the result for the model card (default: ${DEFAULT-VALUE}; skipped if not installed).")
    String classifierName;

    @Option(names = "--eval-samples", defaultValue = "20", description = "Samples per prompt for the model card's "
            + "prompt accuracy (default: ${DEFAULT-VALUE}).")
    int evalSamples;

    // 8 because the guidance sweep of the first shipped LDM put the best class accuracy and FD there
    @Option(names = "--cfg", defaultValue = "8", description = "Guidance scale the model samples with by default "
            + "and its card measures at (default: ${DEFAULT-VALUE}).")
    double cfg;

    /** The installed model the latents come from when --autoencoder is not given. */
    private static final String DEFAULT_AUTOENCODER = "autoencoder";

    @Override
    protected int train(TrainingContext context) {
        var o = new LdmTrainer.Options(t.toOptions(), autoencoder(context), channels, heads, diffusion.schedule(),
                diffusion.trainingSteps(), diffusion.prediction(), dropPrompt, MeasuredTrainingArgs.checkedEma(ema),
                captionsPerClass, LdmTrainer.defaultSampler(cfg));
        try (NDManager manager = context.newManager()) {
            var r = new LdmTrainer(System.err).train(o, manager,
                    context.quality(classifierName, 500, evalSamples, manager));
            TrainingSummary.written(r.modelDir(), r.state(), r.quality());
        }
        return 0;
    }

    private Path autoencoder(TrainingContext context) {
        if (autoencoder != null) {
            return autoencoder;
        }
        ModelDirectory installed = context.installed(DEFAULT_AUTOENCODER);
        if (installed == null) {
            throw new GenlabException("no autoencoder installed: train one first (genlab train autoencoder --out "
                    + "models/autoencoder) or pass --autoencoder DIR");
        }
        return installed.path();
    }
}
