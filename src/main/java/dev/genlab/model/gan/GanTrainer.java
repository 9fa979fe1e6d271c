package dev.genlab.model.gan;

import ai.djl.ndarray.NDManager;
import dev.genlab.data.safetensors.DType;
import dev.genlab.model.Generator;
import dev.genlab.model.MeasuredExport;
import dev.genlab.modelstore.ModelDirectory;
import dev.genlab.nn.Parameters;
import dev.genlab.train.Ema;
import dev.genlab.train.ModelExport;
import dev.genlab.train.Trainer;
import dev.genlab.train.TrainingOptions;
import dev.genlab.train.TrainingSession;
import dev.genlab.train.TrainingState;
import dev.genlab.train.augment.AdaController;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code genlab train dcgan}: the GAN game on a dataset, checkpointing generator, discriminator, both
 * optimisers and the generator's weight average; ships the average (the generator alone).
 */
public final class GanTrainer extends Trainer {

    private static final String EMA_PREFIX = "ema.";

    /**
     * @param emaDecay decay of the generator's weight average per step
     * @param ada      adaptive discriminator augmentation (Karras et al., 2020) with target 0.6
     */
    public record Options(TrainingOptions common, int latentDim, int baseChannels, boolean conditional,
            float emaDecay, boolean ada) {}

    /** What training produced; {@code quality} is empty when no quality probe was given. */
    public record Result(Path modelDir, TrainingState state, Map<String, Double> quality, boolean finished) {}

    public GanTrainer(PrintStream log) {
        super(log);
    }

    /**
     * @param quality measures a trained generator (FD-FMNIST, class accuracy, …) for the model card, or
     *                null to skip it
     */
    public Result train(Options options, NDManager root, Function<Generator, Map<String, Double>> quality) {
        TrainingOptions o = options.common();
        TrainingSession.Data data = loadData(o);
        var train = data.train();
        GanConfig config = new GanConfig(data.imageShape(),
                data.conditioningClasses(options.conditional(), log), options.latentDim(),
                options.baseChannels());
        String fingerprint = TrainingSession.fingerprint(config) + "|ema "
                + options.emaDecay() + (options.ada() ? "|ada" : "");
        try (NDManager manager = root.newSubManager();
                Parameters params = new Parameters(manager, o.seed())) {
            DcganGenerator g = new DcganGenerator(config, params);
            DcganDiscriminator d = new DcganDiscriminator(config, params);
            Ema ema = new Ema(params, DcganGenerator.PREFIX, EMA_PREFIX, options.emaDecay());
            // p may go from 0 to 1 in 100k images: faster than the paper's 500k, for runs of a few epochs
            AdaController ada = options.ada() ? new AdaController(params, 4, 100) : null;
            var optimizers = GanObjective.optimizers(params, o.learningRate());
            log.printf(Locale.ROOT, "training a %s DCGAN: generator %,d parameters, discriminator %,d, latent %d, "
                    + "%d epochs of %d batches of %d%n", config.conditional() ? "class-conditional" : "unconditional",
                    params.count(DcganGenerator.PREFIX), params.count(DcganDiscriminator.PREFIX), config.latentDim(),
                    o.epochs(), train.size() / o.batchSize(), o.batchSize());
            TrainingState state = TrainingSession.run(o, new GanObjective(config, params, g, d, ema, ada), optimizers,
                    train, fingerprint, log);
            long count = params.count(DcganGenerator.PREFIX);
            Map<String, Double> measured = MeasuredExport.write(
                    q -> export(o, config, params, count, state, q, data.describe()),
                    () -> GanModel.load(ModelDirectory.open(o.out()), manager), quality);
            return new Result(o.out(), state, measured, state.epoch() >= o.epochs());
        }
    }

    private static void export(TrainingOptions o, GanConfig config, Parameters params, long count, TrainingState state,
            Map<String, Double> quality, String data) {
        Map<String, Double> metrics = new LinkedHashMap<>(quality);
        state.epochs().stream().reduce((a, b) -> b).ifPresent(e -> {
            metrics.put("final_epoch_d_real", e.losses().get("d_real"));
            metrics.put("final_epoch_d_fake", e.losses().get("d_fake"));
            if (e.losses().containsKey("ada_p")) {
                metrics.put("final_epoch_ada_p", e.losses().get("ada_p"));
            }
        });
        String headline = quality.containsKey("fd_fmnist")
                ? String.format(Locale.ROOT, "FD-FMNIST %.1f%s", quality.get("fd_fmnist"),
                        quality.containsKey("class_accuracy")
                                ? String.format(Locale.ROOT, ", class accuracy %.2f", quality.get("class_accuracy")) : "")
                : "quality not measured (no classifier installed)";
        ModelExport export = ModelExport.of(GanFamily.NAME, config,
                "A " + (config.conditional() ? "class-conditional " : "") + "DCGAN trained by genlab; the weights are "
                        + "the generator's exponential moving average.")
                .metrics(metrics, headline);
        int b = config.baseChannels();
        String arch = String.format(Locale.ROOT, "Generator: linear from the %d-d latent%s to %d×%d×%d, then two stages "
                + "of nearest 2× upsampling + two 3×3 convs (%d, %d channels), pixel norm + leaky ReLU (0.2) after "
                + "each, 3×3 conv to the image, sigmoid. Discriminator (training only, not shipped): 3×3 conv (%d), "
                + "two stride-2 3×3 convs (%d, %d), leaky ReLU, minibatch-std channel, linear to 128 features, "
                + "logit%s. Non-saturating logistic loss, Adam (β1 = 0.5, β2 = 0.999), generator EMA.",
                config.latentDim(), config.conditional() ? " and the one-hot class" : "", 4 * b,
                config.image().height() / 4, config.image().width() / 4, 2 * b, b, b, 2 * b, 4 * b,
                config.conditional() ? " plus the projection ⟨embed(class), features⟩" : "");
        export.write(o, state, data, params.toTensors(DType.F32, EMA_PREFIX + DcganGenerator.PREFIX,
                DcganGenerator.PREFIX), count, arch);
    }
}
