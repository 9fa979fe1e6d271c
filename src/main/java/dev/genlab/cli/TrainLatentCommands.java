package dev.genlab.cli;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `genlab train autoencoder` and `genlab train ldm`: the two stages of the text-to-image model. */
final class TrainLatentCommands {

    private TrainLatentCommands() {}

    @Command(name = "autoencoder", mixinStandardHelpOptions = true, description = {"Train the KL autoencoder of the "
            + "text-to-image model (Stable Diffusion's VAE at small scale).",
        "The model card gets the latent scale factor and the test split's reconstruction PSNR."})
    static final class Autoencoder implements Callable<Integer> {

        @Mixin
        TrainCommand.TrainingOptions t = new TrainCommand.TrainingOptions();

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
        TrainCommand.LikelihoodEval eval = new TrainCommand.LikelihoodEval();

        @Mixin
        CommonOptions common;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            var o = new dev.genlab.model.latent.AutoencoderTrainer.Options(t.toOptions(spec), channels, latentChannels,
                    klWeight, eval.evalImages);
            try (NDManager manager = common.newManager()) {
                var r = new dev.genlab.model.latent.AutoencoderTrainer(System.err).train(o, manager);
                TrainCommand.written(r.modelDir(), r.state(), String.format(java.util.Locale.ROOT,
                        "; test PSNR %.2f dB, scale factor %.5f", r.test().psnr(), r.scaleFactor()));
            }
            return 0;
        }
    }

    @Command(name = "ldm", mixinStandardHelpOptions = true, description = {"Train the text-to-image latent diffusion "
            + "model on an autoencoder's latents, with captions written from the class labels and the frozen "
            + "all-MiniLM-L6-v2 text encoder.",
        "The model card gets the prompt accuracy on training captions and on held-out paraphrases."})
    static final class Ldm implements Callable<Integer> {

        @Mixin
        TrainCommand.TrainingOptions t = new TrainCommand.TrainingOptions();

        @Option(names = "--autoencoder", paramLabel = "DIR", description = "The autoencoder's model folder "
                + "(default: the installed model 'autoencoder').")
        Path autoencoder;

        @Option(names = "--channels", defaultValue = "64", description = "UNet channels at the latent's full "
                + "resolution (default: ${DEFAULT-VALUE}).")
        int channels;

        @Option(names = "--heads", defaultValue = "4", description = "Cross-attention heads (default: ${DEFAULT-VALUE}).")
        int heads;

        @Mixin
        TrainCommand.DiffusionOptions diffusion = new TrainCommand.DiffusionOptions("scaled-linear");

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

        @Mixin
        CommonOptions common;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (!(ema >= 0 && ema < 1)) {
                throw new dev.genlab.core.UsageException("--ema must be in [0, 1), got " + ema);
            }
            var defaults = dev.genlab.model.latent.LdmTrainer.defaultSampler(cfg);
            Path ae = autoencoder;
            if (ae == null) {
                var installed = common.registry().findIfInstalled("autoencoder");
                if (installed == null) {
                    throw new dev.genlab.core.GenlabException("no autoencoder installed: train one first (genlab "
                            + "train autoencoder --out models/autoencoder) or pass --autoencoder DIR");
                }
                ae = installed.path();
            }
            var o = new dev.genlab.model.latent.LdmTrainer.Options(t.toOptions(spec, 5e-4f), ae, channels,
                    heads, diffusion.schedule(), diffusion.trainingSteps, diffusion.prediction(), dropPrompt, ema,
                    captionsPerClass, defaults);
            try (NDManager manager = common.newManager()) {
                var r = new dev.genlab.model.latent.LdmTrainer(System.err).train(o, manager, g -> {
                    var classifier = common.registry().findIfInstalled(classifierName);
                    if (classifier == null) {
                        return Map.of();
                    }
                    Map<String, Double> q = new LinkedHashMap<>(
                            dev.genlab.metrics.SampleQuality.measure(g, classifier, 500, manager));
                    q.putAll(dev.genlab.metrics.PromptAccuracy.card(g, classifier, manager, evalSamples));
                    return q;
                });
                TrainCommand.written(r.modelDir(), r.state(), r.quality().isEmpty() ? ""
                        : "; " + dev.genlab.train.ModelCardWriter.format(r.quality()));
            }
            return 0;
        }
    }
}
