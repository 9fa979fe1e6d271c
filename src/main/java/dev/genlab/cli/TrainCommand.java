package dev.genlab.cli;

import ai.djl.ndarray.NDManager;
import dev.genlab.model.vae.VaeTrainer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `genlab train FAMILY`. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train a model.",
        subcommands = {TrainCommand.Vae.class, TrainCommand.Dcgan.class, TrainCommand.Ddpm.class, TrainCommand.Pixelcnn.class, TrainCommand.Flow.class, TrainCommand.Stylegan.class, TrainCommand.Vqvae.class,
            TrainLatentCommands.Autoencoder.class, TrainLatentCommands.Ldm.class, TrainCommand.Classifier.class,
            TrainAdaAblation.class})
final class TrainCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Options every family's training shares. */
    static final class TrainingOptions {
        @Option(names = "--data", paramLabel = "DIR", description = "Folder of IDX files or images (class sub-folders); "
                + "default: Fashion-MNIST from the Debian package dataset-fashion-mnist.")
        Path data;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Model folder to write "
                + "(checkpoints go there too).")
        Path out;

        @Option(names = "--epochs", defaultValue = "10", description = "Epochs (default: ${DEFAULT-VALUE}).")
        int epochs;

        @Option(names = "--batch-size", defaultValue = "128", description = "Batch size (default: ${DEFAULT-VALUE}).")
        int batchSize;

        @Option(names = "--lr", description = "Adam learning rate (default: 0.001; dcgan and ddpm 0.0002, ldm "
                + "0.0005, stylegan 0.002 for its generator, whose discriminator has --d-lr).")
        Float lr;

        @Option(names = "--seed", defaultValue = "0", description = "Seed of initialisation, data order and noise "
                + "(default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--resume", description = "Continue the run in --out from its last checkpoint.")
        boolean resume;

        @Option(names = "--limit", defaultValue = "0", description = "Use only the first N training images (0 = all).")
        int limit;

        @Option(names = "--max-steps", defaultValue = "0", description = "Stop after this many steps in total "
                + "(0 = run all epochs); --resume continues.")
        long maxSteps;

        @Option(names = "--checkpoint-every", defaultValue = "200", description = "Steps between checkpoints "
                + "(default: ${DEFAULT-VALUE}; also at every epoch's end).")
        int checkpointEvery;

        @Option(names = "--no-progress", description = "No progress bar.")
        boolean noProgress;

        @Option(names = "--name", description = "Model name in config.json (default: the --out folder's name).")
        String name;

        dev.genlab.train.TrainingOptions toOptions(CommandLine.Model.CommandSpec spec) {
            return toOptions(spec, 1e-3f);
        }

        dev.genlab.train.TrainingOptions toOptions(CommandLine.Model.CommandSpec spec, float defaultLr) {
            String modelName = name != null ? name : out.toAbsolutePath().normalize().getFileName().toString();
            return new dev.genlab.train.TrainingOptions(data, out, epochs, batchSize, lr != null ? lr : defaultLr, seed,
                    resume, limit, maxSteps,
                    checkpointEvery, !noProgress, commandLine(spec), modelName);
        }
    }

    @Command(name = "pixelcnn", mixinStandardHelpOptions = true, description = {"Train a gated PixelCNN "
        + "(autoregressive, exact likelihood).", "The model card gets the test split's negative log-likelihood in "
        + "bits per dimension."})
    static final class Pixelcnn implements Callable<Integer> {

        @Mixin
        TrainingOptions t = new TrainingOptions();

        @Option(names = "--channels", defaultValue = "32", description = "Channels of both stacks "
                + "(default: ${DEFAULT-VALUE}).")
        int channels;

        @Option(names = "--layers", defaultValue = "7", description = "Gated layers (default: ${DEFAULT-VALUE}).")
        int layers;

        @Option(names = "--dilations", split = ",", paramLabel = "D1,D2", description = "Dilations of the 3×3 "
                + "layers after the first, repeated in turn (default: 1, the paper's dense stack). With 1,2,4 the 7 "
                + "layers see 18 rows above a pixel instead of 10, at the same cost.")
        java.util.List<Integer> dilations = new java.util.ArrayList<>(java.util.List.of(1));

        @Option(names = "--hidden", defaultValue = "128", description = "Channels of the output head "
                + "(default: ${DEFAULT-VALUE}).")
        int hidden;

        @Mixin
        LikelihoodEval eval = new LikelihoodEval();

        @Option(names = "--unconditional", description = "Ignore class labels.")
        boolean unconditional;

        @Mixin
        CommonOptions common;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            var o = new dev.genlab.model.pixelcnn.PixelCnnTrainer.Options(t.toOptions(spec), channels, layers, hidden,
                    !unconditional, eval.evalImages, dilations);
            try (NDManager manager = common.newManager()) {
                var result = new dev.genlab.model.pixelcnn.PixelCnnTrainer(System.err).train(o, manager);
                written(result.modelDir(), result.state(), "");
            }
            return 0;
        }
    }

    @Command(name = "vqvae", mixinStandardHelpOptions = true, description = {"Train a VQ-VAE and a PixelCNN prior "
        + "over its code grids (the hybrid of an autoencoder and an autoregressive model).", "Stage 1 trains the "
        + "autoencoder for --epochs, stage 2 the prior for --prior-epochs on the training images' codes; --resume "
        + "continues either. If a classifier is installed, FD-FMNIST of 500 samples goes into the model card."})
    static final class Vqvae implements Callable<Integer> {

        @Mixin
        TrainingOptions t = new TrainingOptions();

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
        LikelihoodEval eval = new LikelihoodEval();

        @Mixin
        CommonOptions common;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (priorEpochs < 1) {
                throw new dev.genlab.core.UsageException("--prior-epochs must be at least 1, got " + priorEpochs);
            }
            var o = new dev.genlab.model.vqvae.VqVaeTrainer.Options(t.toOptions(spec), channels, codes, codeDim,
                    priorEpochs, priorLr, priorChannels, priorLayers, priorHidden, !unconditional, eval.evalImages);
            try (NDManager manager = common.newManager()) {
                var result = new dev.genlab.model.vqvae.VqVaeTrainer(System.err).train(o, manager,
                        MeasuredTraining.probe(common, manager, "classifier", 500));
                if (!result.finished()) {
                    System.out.println("stopped before the end of both stages; continue with --resume");
                    return 0;
                }
                System.out.printf(java.util.Locale.ROOT, "model written to %s (autoencoder %d steps, prior %d steps, "
                        + "%d s); %s%n", result.modelDir(), result.autoencoder().globalStep(),
                        result.prior().globalStep(),
                        Math.round(result.autoencoder().seconds() + result.prior().seconds()),
                        dev.genlab.train.ModelCardWriter.format(result.metrics()));
            }
            return 0;
        }
    }

    @Command(name = "flow", mixinStandardHelpOptions = true, description = {"Train a multi-scale normalizing flow "
        + "(RealNVP/Glow: exact likelihood, fast sampling).", "The model card gets the test split's bits per "
        + "dimension."})
    static final class Flow implements Callable<Integer> {

        @Mixin
        TrainingOptions t = new TrainingOptions();

        @Option(names = "--levels", defaultValue = "2", description = "Scales (default: ${DEFAULT-VALUE}).")
        int levels;

        @Option(names = "--steps-per-level", defaultValue = "6", description = "Flow steps per scale "
                + "(default: ${DEFAULT-VALUE}).")
        int stepsPerLevel;

        @Option(names = "--hidden", defaultValue = "64", description = "Channels of the coupling networks "
                + "(default: ${DEFAULT-VALUE}).")
        int hidden;

        @Mixin
        LikelihoodEval eval = new LikelihoodEval();

        @Mixin
        CommonOptions common;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            var o = new dev.genlab.model.flow.FlowTrainer.Options(t.toOptions(spec), levels, stepsPerLevel, hidden,
                    eval.evalImages);
            try (NDManager manager = common.newManager()) {
                var result = new dev.genlab.model.flow.FlowTrainer(System.err).train(o, manager);
                written(result.modelDir(), result.state(), "");
            }
            return 0;
        }
    }

    @Command(name = "stylegan", mixinStandardHelpOptions = true, description = {"Train a StyleGAN2-style GAN "
        + "(mapping network, modulated convs, noise inputs, skip outputs; lazy R1, generator EMA, optional ADA).",
        "Images are padded into a power-of-two canvas (28×28 into 32×32)."})
    static final class Stylegan implements Callable<Integer> {

        @Mixin
        TrainingOptions t = new TrainingOptions();

        @Mixin
        StyleGanNetwork network = new StyleGanNetwork();

        @Option(names = "--ada", description = "Adaptive discriminator augmentation (target r_t = 0.6; p is logged "
                + "per epoch).")
        boolean ada;

        @Mixin
        MeasuredTraining measured = new MeasuredTraining();

        @Mixin
        CommonOptions common;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            var o = network.options(t.toOptions(spec, StyleGanNetwork.LR), measured, ada);
            try (NDManager manager = common.newManager()) {
                var result = new dev.genlab.model.stylegan.StyleGanTrainer(System.err).train(o, manager,
                        measured.probe(common, manager, 1000));
                measured.report(result.modelDir(), result.state(), result.quality());
            }
            return 0;
        }
    }

    /** The StyleGAN2 configuration: shared by `train stylegan` and `train ada-ablation`, which must match. */
    static final class StyleGanNetwork {

        static final float LR = 2e-3f;

        @Option(names = "--latent", defaultValue = "64", description = "Size of z (default: ${DEFAULT-VALUE}).")
        int latent;

        @Option(names = "--w-dim", defaultValue = "64", description = "Size of w (default: ${DEFAULT-VALUE}).")
        int wDim;

        @Option(names = "--mapping-layers", defaultValue = "4", description = "Layers of the mapping network "
                + "(default: ${DEFAULT-VALUE}; StyleGAN2 uses 8).")
        int mappingLayers;

        @Option(names = "--channels", defaultValue = "64", description = "Channels at every resolution "
                + "(default: ${DEFAULT-VALUE}).")
        int channels;

        @Option(names = "--r1-gamma", defaultValue = "0.1", description = "Weight γ of the R1 penalty "
                + "(default: ${DEFAULT-VALUE}; 0 = off).")
        double r1Gamma;

        @Option(names = "--r1-interval", defaultValue = "16", description = "Steps between R1 penalties, lazy "
                + "regularisation (default: ${DEFAULT-VALUE}).")
        int r1Interval;

        // StyleGAN2's 0.002 for both assumes equalised layers on both sides; this discriminator has plain
        // ones (weights ~1/√fan_in, 1/24 at 64 channels × 3×3), on which 0.002 moves every weight by ~5% a step
        @Option(names = "--d-lr", defaultValue = "2e-4", description = "The discriminator's Adam learning rate "
                + "(default: ${DEFAULT-VALUE}; --lr is the generator's, default 0.002: its layers have equalised "
                + "learning rates, the discriminator's plain weights).")
        float dLr;

        dev.genlab.model.stylegan.StyleGanTrainer.Options options(dev.genlab.train.TrainingOptions t,
                MeasuredTraining measured, boolean ada) {
            if (r1Interval < 1 || r1Gamma < 0) {
                throw new dev.genlab.core.UsageException("--r1-interval must be ≥ 1 and --r1-gamma ≥ 0");
            }
            if (!(dLr > 0 && dLr < 1)) {
                throw new dev.genlab.core.UsageException("--d-lr must be between 0 and 1, got " + dLr);
            }
            return new dev.genlab.model.stylegan.StyleGanTrainer.Options(t, latent, wDim, mappingLayers, channels,
                    !measured.unconditional, measured.ema(), ada, r1Gamma, r1Interval, dLr);
        }
    }

    @Command(name = "vae", mixinStandardHelpOptions = true, description = "Train a convolutional VAE.")
    static final class Vae implements Callable<Integer> {

        @Mixin
        TrainingOptions t = new TrainingOptions();

        @Option(names = "--latent", defaultValue = "32", description = "Latent size (default: ${DEFAULT-VALUE}).")
        int latent;

        @Option(names = "--channels", defaultValue = "32", description = "Channels of the first stage "
                + "(default: ${DEFAULT-VALUE}).")
        int channels;

        @Option(names = "--beta", defaultValue = "1.0", description = "Weight of the KL term (default: ${DEFAULT-VALUE}).")
        double beta;

        @Option(names = "--unconditional", description = "Ignore class labels.")
        boolean unconditional;

        @Mixin
        CommonOptions common;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            var o = new VaeTrainer.Options(t.toOptions(spec), latent, channels, beta, !unconditional);
            try (NDManager manager = common.newManager()) {
                var result = new VaeTrainer(System.err).train(o, manager);
                written(result.modelDir(), result.state(), "");
            }
            return 0;
        }
    }

    @Command(name = "dcgan", mixinStandardHelpOptions = true, description = {"Train a DCGAN (generator and "
            + "discriminator in turn; the generator's weight average is shipped).",
        "If a classifier is installed, FD-FMNIST and class accuracy of 1000 samples go into the model card."})
    static final class Dcgan implements Callable<Integer> {

        @Mixin
        TrainingOptions t = new TrainingOptions();

        @Option(names = "--latent", defaultValue = "64", description = "Latent size (default: ${DEFAULT-VALUE}).")
        int latent;

        @Option(names = "--channels", defaultValue = "32", description = "Channels at full resolution, doubled at each "
                + "lower stage (default: ${DEFAULT-VALUE}).")
        int channels;

        @Option(names = "--ada", description = "Adaptive discriminator augmentation (flips, 90° rotations, shifts, "
                + "brightness, contrast, with a probability p steered toward r_t = 0.6; p is logged per epoch).")
        boolean ada;

        @Mixin
        MeasuredTraining measured = new MeasuredTraining();

        @Mixin
        CommonOptions common;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            var o = new dev.genlab.model.gan.GanTrainer.Options(t.toOptions(spec, 2e-4f), latent, channels,
                    !measured.unconditional, measured.ema(), ada);
            try (NDManager manager = common.newManager()) {
                var result = new dev.genlab.model.gan.GanTrainer(System.err).train(o, manager,
                        measured.probe(common, manager, 1000));
                measured.report(result.modelDir(), result.state(), result.quality());
            }
            return 0;
        }
    }

    @Command(name = "ddpm", mixinStandardHelpOptions = true, description = {"Train a pixel-space diffusion model "
            + "(DDPM) with classifier-free guidance; the UNet's weight average is shipped.",
        "If a classifier is installed, FD-FMNIST of 500 samples (default sampler) goes into the model card."})
    static final class Ddpm implements Callable<Integer> {

        @Mixin
        TrainingOptions t = new TrainingOptions();

        @Option(names = "--channels", defaultValue = "32", description = "UNet channels at full resolution "
                + "(default: ${DEFAULT-VALUE}).")
        int channels;

        @Mixin
        DiffusionOptions diffusion = new DiffusionOptions("linear");

        @Option(names = "--drop-class", defaultValue = "0.15", description = "Share of labels replaced by the null "
                + "class, for classifier-free guidance (default: ${DEFAULT-VALUE}).")
        double dropClass;

        @Mixin
        MeasuredTraining measured = new MeasuredTraining();

        @Mixin
        CommonOptions common;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            var defaults = dev.genlab.model.diffusion.DiffusionTrainer.DEFAULT_SAMPLER;
            var o = new dev.genlab.model.diffusion.DiffusionTrainer.Options(t.toOptions(spec, 2e-4f), channels,
                    !measured.unconditional, diffusion.schedule(), diffusion.trainingSteps,
                    diffusion.prediction(), dropClass, measured.ema(), defaults);
            try (NDManager manager = common.newManager()) {
                var result = new dev.genlab.model.diffusion.DiffusionTrainer(System.err).train(o, manager,
                        measured.probe(common, manager, 500));
                measured.report(result.modelDir(), result.state(), result.quality());
            }
            return 0;
        }
    }

    @Command(name = "classifier", mixinStandardHelpOptions = true,
            description = {"Train the classifier whose features the quality metrics use, then compute the real data's "
                    + "reference statistics beside it (reference.safetensors)."})
    static final class Classifier implements Callable<Integer> {

        @Mixin
        TrainingOptions t = new TrainingOptions();

        @Option(names = "--width", defaultValue = "32", description = "Channels of the first stage (default: ${DEFAULT-VALUE}).")
        int width;

        @Option(names = "--features", defaultValue = "128", description = "Size of the feature layer (default: ${DEFAULT-VALUE}).")
        int features;

        @Option(names = "--dropout", defaultValue = "0.3", description = "Dropout before the last layer (default: ${DEFAULT-VALUE}).")
        double dropout;

        @Option(names = "--reference-train", defaultValue = "10000", description = "Training images whose features "
                + "are shipped for the real-vs-real floor (default: ${DEFAULT-VALUE}).")
        int referenceTrain;

        @Mixin
        CommonOptions common;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            var o = new dev.genlab.metrics.classifier.ClassifierTrainer.Options(t.toOptions(spec), width, features, dropout);
            try (NDManager manager = common.newManager()) {
                var result = new dev.genlab.metrics.classifier.ClassifierTrainer(System.err).train(o, manager);
                var dir = dev.genlab.modelstore.ModelDirectory.open(t.out);
                try (var classifier = dev.genlab.metrics.classifier.ClassifierModel.load(dir, manager)) {
                    var data = result.data();
                    var ref = dev.genlab.metrics.ReferenceStatistics.compute(classifier, data.test(),
                            data.splits().train().head(referenceTrain));
                    ref.write(t.out);
                    double floor = dev.genlab.metrics.FrechetDistance.compute(
                            dev.genlab.metrics.FeatureStatistics.of(ref.trainFeatures()), ref.test());
                    System.out.printf(java.util.Locale.ROOT, "test accuracy %.2f%%; reference statistics of %d test "
                            + "images written; real-vs-real FD-FMNIST (%d training images vs test) = %.3f%n",
                            100 * result.testAccuracy().overall(), data.test().size(), ref.trainFeatures().length, floor);
                }
            }
            return 0;
        }
    }

    /** Options of the generators whose training keeps a weight average and ends by measuring the result. */
    static final class MeasuredTraining {

        @Option(names = "--ema", defaultValue = "0.999", description = "Decay per step of the weight average that is "
                + "shipped (default: ${DEFAULT-VALUE}).")
        float ema;

        @Option(names = "--unconditional", description = "Ignore class labels.")
        boolean unconditional;

        @Option(names = "--classifier", defaultValue = "classifier", description = "Installed classifier that measures "
                + "the result for the model card (default: ${DEFAULT-VALUE}; skipped if not installed).")
        String classifierName;

        float ema() {
            if (!(ema >= 0 && ema < 1)) {
                throw new dev.genlab.core.GenlabException("--ema must be in [0, 1), got " + ema);
            }
            return ema;
        }

        /**
         * FD-FMNIST and friends of {@code n} samples; nothing when no classifier is installed. The classifier is
         * looked up when training ends, since it may be installed while a long run goes on.
         */
        java.util.function.Function<dev.genlab.model.Generator, java.util.Map<String, Double>> probe(
                CommonOptions common, NDManager manager, int n) {
            return probe(common, manager, classifierName, n);
        }

        static java.util.function.Function<dev.genlab.model.Generator, java.util.Map<String, Double>> probe(
                CommonOptions common, NDManager manager, String classifierName, int n) {
            return g -> {
                var classifier = common.registry().findIfInstalled(classifierName);
                return classifier == null ? java.util.Map.of()
                        : dev.genlab.metrics.SampleQuality.measure(g, classifier, n, manager);
            };
        }

        void report(Path dir, dev.genlab.train.TrainingState state, java.util.Map<String, Double> quality) {
            written(dir, state, quality.isEmpty() ? "" : "; " + dev.genlab.train.ModelCardWriter.format(quality));
        }
    }

    /** The noise schedule and prediction type of a diffusion model's training (pixel or latent). */
    static final class DiffusionOptions {
        @Option(names = "--schedule", description = "Noise schedule: linear, scaled-linear, cosine (default: "
                + "${DEFAULT-VALUE}).")
        String schedule;

        @Option(names = "--training-steps", defaultValue = "1000", description = "T, the steps of the noise schedule "
                + "(default: ${DEFAULT-VALUE}).")
        int trainingSteps;

        @Option(names = "--prediction", defaultValue = "epsilon", description = "What the UNet predicts: epsilon, v, "
                + "sample (default: ${DEFAULT-VALUE}).")
        String prediction;

        DiffusionOptions(String defaultSchedule) {
            this.schedule = defaultSchedule;
        }

        dev.genlab.sampling.NoiseSchedule.Kind schedule() {
            return dev.genlab.sampling.NoiseSchedule.Kind.parse(schedule);
        }

        dev.genlab.sampling.Prediction prediction() {
            return dev.genlab.sampling.Prediction.parse(prediction);
        }
    }

    /** The last line of every training command. */
    static void written(Path dir, dev.genlab.train.TrainingState state, String extra) {
        System.out.println("model written to " + dir + " (" + state.globalStep() + " steps, "
                + Math.round(state.seconds()) + " s)" + extra);
    }

    /** How many test images a likelihood model's card is measured on. */
    static final class LikelihoodEval {
        @Option(names = "--eval-images", defaultValue = "10000", description = "Test images the model card's "
                + "test-split figure (exact likelihood; an autoencoder's reconstruction PSNR) is measured on "
                + "(default: ${DEFAULT-VALUE}, the whole Fashion-MNIST test split).")
        int evalImages;
    }

    /** The command line as the user typed it, for the model card. */
    static String commandLine(CommandLine.Model.CommandSpec spec) {
        StringBuilder sb = new StringBuilder("genlab");
        for (String s : spec.commandLine().getParseResult().originalArgs()) {
            sb.append(' ').append(s.contains(" ") ? "'" + s + "'" : s);
        }
        return sb.toString();
    }
}
