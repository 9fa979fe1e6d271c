package dev.genlab.model.stylegan;

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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code genlab train stylegan}: StyleGAN2's game with lazy R1, generator EMA and optional ADA; ships the
 * generator's average, its constant noise maps and the running mean of w.
 */
public final class StyleGanTrainer extends Trainer {

    private static final String EMA_PREFIX = "ema.";

    /**
     * @param dLearningRate the discriminator's Adam learning rate (the common one is the generator's): the
     *                      generator's layers have equalised learning rates (N(0, 1) weights scaled at run
     *                      time), the discriminator's plain weights (about 1/√fan_in), and Adam steps are in
     *                      weight units, so the same pace needs a rate about √fan_in times smaller
     */
    public record Options(TrainingOptions common, int zDim, int wDim, int mappingLayers, int channels,
            boolean conditional, float emaDecay, boolean ada, double r1Gamma, int r1Interval, float dLearningRate) {}

    public record Result(Path modelDir, TrainingState state, Map<String, Double> quality, boolean finished) {}

    public StyleGanTrainer(PrintStream log) {
        super(log);
    }

    public Result train(Options options, NDManager root, Function<Generator, Map<String, Double>> quality) {
        TrainingOptions o = options.common();
        TrainingSession.Data data = loadData(o);
        var train = data.train();
        StyleGanConfig config = new StyleGanConfig(data.imageShape(),
                data.conditioningClasses(options.conditional(), log), options.zDim(), options.wDim(),
                options.mappingLayers(), options.channels());
        String fingerprint = TrainingSession.fingerprint(config) + "|ema "
                + options.emaDecay() + (options.ada() ? "|ada" : "") + "|r1 " + options.r1Gamma() + "/"
                + options.r1Interval() + "|d_lr " + options.dLearningRate();
        try (NDManager manager = root.newSubManager();
                Parameters params = new Parameters(manager, o.seed())) {
            StyleGenerator g = new StyleGenerator(config, params);
            StyleDiscriminator d = new StyleDiscriminator(config, params);
            Ema ema = new Ema(params, StyleGenerator.PREFIX, EMA_PREFIX, options.emaDecay());
            AdaController ada = options.ada() ? new AdaController(params, 4, 100) : null;
            var optimizers = StyleGanObjective.optimizers(params, o.learningRate(), options.dLearningRate());
            log.printf(Locale.ROOT, "training a %s StyleGAN2: generator %,d parameters, discriminator %,d, %d style "
                    + "layers on a %d×%d canvas, %d epochs of %d batches of %d%n",
                    config.conditional() ? "class-conditional" : "unconditional", params.count(StyleGenerator.PREFIX),
                    params.count(StyleDiscriminator.PREFIX), config.numWs(), config.canvas(), config.canvas(),
                    o.epochs(), train.size() / o.batchSize(), o.batchSize());
            TrainingState state = TrainingSession.run(o, new StyleGanObjective(config, params, g, d, ema, ada,
                    options.r1Gamma(), options.r1Interval()), optimizers, train, fingerprint, log);
            long count = params.count(StyleGenerator.PREFIX);
            Map<String, Double> measured = MeasuredExport.write(
                    q -> export(o, config, params, count, state, q, data.describe()),
                    () -> StyleGanModel.load(ModelDirectory.open(o.out()), manager), quality);
            return new Result(o.out(), state, measured, state.epoch() >= o.epochs());
        }
    }

    private static void export(TrainingOptions o, StyleGanConfig config, Parameters params, long count,
            TrainingState state, Map<String, Double> quality, String data) {
        Map<String, Double> metrics = new LinkedHashMap<>(quality);
        state.epochs().stream().reduce((a, b) -> b).ifPresent(e -> e.losses().forEach((k, v) -> {
            if (!k.equals("loss")) {
                metrics.put("final_epoch_" + k, v);
            }
        }));
        String headline = quality.containsKey("fd_fmnist")
                ? String.format(Locale.ROOT, "FD-FMNIST %.1f", quality.get("fd_fmnist"))
                : "quality not measured (no classifier installed)";
        ModelExport export = ModelExport.of(StyleGanFamily.NAME, config,
                "A " + (config.conditional() ? "class-conditional " : "") + "StyleGAN2-style generator trained by "
                        + "genlab; the weights are the generator's moving average.")
                .metrics(metrics, headline);
        String arch = String.format(Locale.ROOT, "Mapping: pixel-normalised z (%d)%s through %d equalised-LR fully "
                + "connected layers (lr ×0.01) to w (%d). Synthesis on a %d×%d canvas: learned 4×4 constant, per "
                + "resolution nearest 2× upsampling and two modulated, demodulated 3×3 convs of %d channels with "
                + "per-pixel noise, skip toRGB outputs; %d style layers. Discriminator (training only): residual, "
                + "average-pool skips, minibatch std, class projection. Non-saturating logistic loss, lazy R1, "
                + "Adam (β1 = 0, β2 = 0.99), generator EMA, running mean of w for truncation.",
                config.zDim(), config.conditional() ? " and a class embedding" : "", config.mappingLayers(),
                config.wDim(), config.canvas(), config.canvas(), config.channels(), config.numWs());
        List<dev.genlab.data.safetensors.Tensor> tensors = new ArrayList<>(
                params.toTensors(DType.F32, EMA_PREFIX + StyleGenerator.PREFIX, StyleGenerator.PREFIX));
        tensors.addAll(params.toTensors(DType.F32, StyleGenerator.CONST_PREFIX, StyleGenerator.CONST_PREFIX));
        tensors.addAll(params.toTensors(DType.F32, StyleGenerator.STATS_PREFIX, StyleGenerator.STATS_PREFIX));
        export.write(o, state, data, tensors, count, arch);
    }
}
