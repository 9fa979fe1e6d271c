package dev.genlab.model.diffusion;

import ai.djl.ndarray.NDManager;
import dev.genlab.data.safetensors.DType;
import dev.genlab.model.Generator;
import dev.genlab.model.MeasuredExport;
import dev.genlab.model.SamplerSettings;
import dev.genlab.modelstore.ModelDirectory;
import dev.genlab.nn.Parameters;
import dev.genlab.sampling.NoiseSchedule;
import dev.genlab.sampling.Prediction;
import dev.genlab.train.Adam;
import dev.genlab.train.Ema;
import dev.genlab.train.ModelExport;
import dev.genlab.train.Trainer;
import dev.genlab.train.TrainingOptions;
import dev.genlab.train.TrainingSession;
import dev.genlab.train.TrainingState;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** {@code genlab train ddpm}: the simple diffusion loss with class dropout; ships the UNet's weight average. */
public final class DiffusionTrainer extends Trainer {

    private static final String EMA_PREFIX = "ema.";

    /**
     * @param dropClass share of labels replaced by the null class (for classifier-free guidance)
     */
    /** The sampler a newly trained model generates with unless asked otherwise: the sampler sweep's choice. */
    public static final SamplerSettings DEFAULT_SAMPLER = new SamplerSettings("dpmpp-2m", 25, 3.0, 0.0, true);

    public record Options(TrainingOptions common, int baseChannels, boolean conditional, NoiseSchedule.Kind schedule,
            int trainingSteps, Prediction prediction, double dropClass, float emaDecay, SamplerSettings defaults) {}

    /** What training produced; {@code quality} is empty when no quality probe was given. */
    public record Result(Path modelDir, TrainingState state, Map<String, Double> quality, boolean finished) {}

    public DiffusionTrainer(PrintStream log) {
        super(log);
    }

    public Result train(Options options, NDManager root, Function<Generator, Map<String, Double>> quality) {
        TrainingOptions o = options.common();
        if (!(options.dropClass() >= 0 && options.dropClass() < 1)) {
            throw new dev.genlab.core.GenlabException("--drop-class must be in [0, 1), got " + options.dropClass());
        }
        TrainingSession.Data data = loadData(o);
        var train = data.train();
        DiffusionConfig config = new DiffusionConfig(data.imageShape(),
                data.conditioningClasses(options.conditional(), log), options.baseChannels(), options.schedule(),
                options.trainingSteps(), options.prediction(), options.defaults());
        String fingerprint = TrainingSession.fingerprint(config) + "|drop "
                + options.dropClass() + "|ema " + options.emaDecay();
        try (NDManager manager = root.newSubManager();
                Parameters params = new Parameters(manager, o.seed())) {
            UNet net = new UNet(config, params);
            Ema ema = new Ema(params, UNet.PREFIX, EMA_PREFIX, options.emaDecay());
            Adam adam = new Adam(params, UNet.PREFIX, "optimizer", o.learningRate(), 0.9f, 0.999f);
            long count = params.count(UNet.PREFIX);
            log.printf(Locale.ROOT, "training a %s diffusion UNet: %,d parameters, %s schedule of %d steps, %s "
                    + "prediction, %d epochs of %d batches of %d%n", config.conditional() ? "class-conditional"
                            : "unconditional", count, config.schedule().cliName(), config.trainingSteps(),
                    config.prediction().cliName(), o.epochs(), train.size() / o.batchSize(), o.batchSize());
            TrainingState state = TrainingSession.run(o, new DiffusionObjective(net, params, options.dropClass(), ema),
                    List.of(adam), train, fingerprint, log);
            Map<String, Double> measured = MeasuredExport.write(
                    q -> export(o, config, params, count, state, q, data.describe()),
                    () -> DiffusionModel.load(ModelDirectory.open(o.out()), manager), quality);
            return new Result(o.out(), state, measured, state.epoch() >= o.epochs());
        }
    }

    private static void export(TrainingOptions o, DiffusionConfig config, Parameters params, long count,
            TrainingState state, Map<String, Double> quality, String data) {
        Map<String, Double> metrics = new LinkedHashMap<>(quality);
        state.epochs().stream().reduce((a, b) -> b).ifPresent(e -> metrics.put("final_epoch_mse", e.losses().get("mse")));
        SamplerSettings d = config.defaults();
        String headline = quality.containsKey("fd_fmnist")
                ? String.format(Locale.ROOT, "FD-FMNIST %.1f (%s, %d steps)", quality.get("fd_fmnist"), d.sampler(),
                        d.steps())
                : "quality not measured (no classifier installed)";
        ModelExport export = ModelExport.of(DiffusionFamily.NAME, config,
                "A " + (config.conditional() ? "class-conditional " : "") + "pixel-space diffusion model (DDPM) "
                        + "trained by genlab, with classifier-free guidance; the weights are the UNet's moving average.")
                .metrics(metrics, headline);
        int b = config.baseChannels();
        String arch = String.format(Locale.ROOT, "UNet at %d×%d, %d×%d and %d×%d with %d, %d, %d channels: one residual "
                + "block (GroupNorm, SiLU, 3×3 conv, time+class embedding, GroupNorm, SiLU, 3×3 conv) per level down "
                + "and up, self-attention at the lowest level and in the middle, stride-2 conv down, nearest "
                + "upsampling + conv up. Sinusoidal timestep embedding + MLP; class embedding with a null class. "
                + "%s schedule, T = %d, %s prediction. Default sampling: %s, %d steps, guidance %s.",
                config.image().width(), config.image().height(), config.image().width() / 2, config.image().height() / 2,
                config.image().width() / 4, config.image().height() / 4, b, 2 * b, 2 * b, config.schedule().cliName(),
                config.trainingSteps(), config.prediction().cliName(), d.sampler(), d.steps(), d.cfg());
        export.write(o, state, data, params.toTensors(DType.F32, EMA_PREFIX + UNet.PREFIX, UNet.PREFIX), count, arch);
    }
}
