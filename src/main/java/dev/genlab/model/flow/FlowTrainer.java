package dev.genlab.model.flow;

import ai.djl.ndarray.NDManager;
import dev.genlab.nn.Parameters;
import dev.genlab.train.Adam;
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

/** {@code genlab train flow}: maximum likelihood; the model card gets the test split's bits per dimension. */
public final class FlowTrainer extends Trainer {

    public record Options(TrainingOptions common, int levels, int stepsPerLevel, int hidden, int evalImages) {}

    public record Result(Path modelDir, TrainingState state, double testBitsPerDim, boolean finished) {}

    public FlowTrainer(PrintStream log) {
        super(log);
    }

    public Result train(Options options, NDManager root) {
        TrainingOptions o = options.common();
        TrainingSession.Data data = loadData(o);
        var train = data.train();
        FlowConfig config = new FlowConfig(data.imageShape(),
                options.levels(), options.stepsPerLevel(), options.hidden());
        String fingerprint = config.networkJson() + "|" + config.image();
        try (NDManager manager = root.newSubManager();
                Parameters params = new Parameters(manager, o.seed())) {
            FlowNetwork net = new FlowNetwork(config, params);
            Adam adam = new Adam(params, o.learningRate(), 0.9f, 0.999f);
            log.printf(Locale.ROOT, "training a normalizing flow: %,d parameters, %d levels of %d steps, %d epochs of "
                    + "%d batches of %d%n", params.count(), config.levels(), config.stepsPerLevel(), o.epochs(),
                    train.size() / o.batchSize(), o.batchSize());
            TrainingState state = TrainingSession.run(o, new FlowObjective(net), List.of(adam), train, fingerprint,
                    log);
            double bpd = Double.NaN;
            int n = Math.min(options.evalImages(), data.test().size());
            if (n > 0) {
                bpd = new FlowModel(null, net, manager).bitsPerDim(data.test(), n, 200, o.seed());
                log.printf(Locale.ROOT, "test split: %.4f bits per dimension (%d images, one dequantisation each)%n",
                        bpd, n);
            }
            export(o, config, params, state, bpd, n, data.describe());
            return new Result(o.out(), state, bpd, state.epoch() >= o.epochs());
        }
    }

    private static void export(TrainingOptions o, FlowConfig config, Parameters params, TrainingState state,
            double bpd, int evaluated, String data) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (!Double.isNaN(bpd)) {
            metrics.put("test_bits_per_dim", bpd);
            metrics.put("test_images", (double) evaluated);
        }
        state.epochs().stream().reduce((a, b) -> b)
                .ifPresent(e -> metrics.put("final_epoch_bits_per_dim", e.losses().get("bits_per_dim")));
        String headline = Double.isNaN(bpd) ? "likelihood not measured"
                : String.format(Locale.ROOT, "test NLL %.3f bits/dim (exact, dequantised)", bpd);
        ModelExport export = ModelExport.of(FlowFamily.NAME, config, "A multi-scale normalizing flow (RealNVP/Glow) "
                + "trained by genlab: exact likelihood, one inverse pass per image.").metrics(metrics, headline);
        String arch = String.format(Locale.ROOT, "Uniform dequantisation, logit transform (α = %.2f), then %d levels: "
                + "squeeze 2×2 → %d × (actnorm, invertible 1×1 conv in LU form, affine coupling with a 3×3-1×1-3×3 "
                + "net of %d channels and tanh-bounded scales), factoring out half of the channels after every level "
                + "but the last. Standard normal prior on all latents.", FlowNetwork.ALPHA, config.levels(),
                config.stepsPerLevel(), config.hidden());
        export.write(o, state, data, params, arch);
    }
}
