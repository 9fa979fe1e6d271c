package dev.genlab.model.pixelcnn;

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

/**
 * {@code genlab train pixelcnn}: maximum likelihood on a dataset; the model card gets the exact negative
 * log-likelihood of the test split in bits per dimension.
 */
public final class PixelCnnTrainer extends Trainer {

    /**
     * @param evalImages test images whose likelihood goes into the model card (0 = none)
     */
    public record Options(TrainingOptions common, int channels, int layers, int hidden, boolean conditional,
            int evalImages, List<Integer> dilations) {

        public Options(TrainingOptions common, int channels, int layers, int hidden, boolean conditional,
                int evalImages) {
            this(common, channels, layers, hidden, conditional, evalImages, List.of(1));
        }
    }

    /** What training produced; {@code testBitsPerDim} is NaN when no test images were evaluated. */
    public record Result(Path modelDir, TrainingState state, double testBitsPerDim, boolean finished) {}

    public PixelCnnTrainer(PrintStream log) {
        super(log);
    }

    public Result train(Options options, NDManager root) {
        TrainingOptions o = options.common();
        TrainingSession.Data data = loadData(o);
        var train = data.train();
        PixelCnnConfig config = new PixelCnnConfig(data.imageShape(),
                data.conditioningClasses(options.conditional(), log), options.channels(), options.layers(),
                options.hidden(), options.dilations());
        String fingerprint = TrainingSession.fingerprint(config);
        try (NDManager manager = root.newSubManager();
                Parameters params = new Parameters(manager, o.seed())) {
            PixelCnnNetwork net = new PixelCnnNetwork(config, params);
            Adam adam = new Adam(params, o.learningRate(), 0.9f, 0.999f);
            log.printf(Locale.ROOT, "training a %s gated PixelCNN: %,d parameters, %d layers of %d channels, "
                    + "%d epochs of %d batches of %d%n", config.conditional() ? "class-conditional" : "unconditional",
                    params.count(), config.layers(), config.channels(), o.epochs(), train.size() / o.batchSize(),
                    o.batchSize());
            TrainingState state = TrainingSession.run(o, new PixelCnnObjective(net), List.of(adam), train,
                    fingerprint, log);
            double bpd = Double.NaN;
            int n = Math.min(options.evalImages(), data.test().size());
            if (n > 0) {
                long t0 = System.nanoTime();
                bpd = new PixelCnnModel(null, net, manager).bitsPerDim(data.test(), n, 100);
                log.printf(Locale.ROOT, "test split: %.4f bits per dimension (exact NLL of %d images, %.0f s)%n", bpd,
                        n, (System.nanoTime() - t0) / 1e9);
            }
            export(o, config, params, state, bpd, n, data.describe());
            return new Result(o.out(), state, bpd, state.epoch() >= o.epochs());
        }
    }

    private static void export(TrainingOptions o, PixelCnnConfig config, Parameters params, TrainingState state,
            double bpd, int evaluated, String data) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (!Double.isNaN(bpd)) {
            metrics.put("test_bits_per_dim", bpd);
            metrics.put("test_nll_nats", bpd * Math.log(2) * PixelCnnModel.dims(config));
            metrics.put("test_images", (double) evaluated);
        }
        state.epochs().stream().reduce((a, b) -> b)
                .ifPresent(e -> metrics.put("final_epoch_bits_per_dim", e.losses().get("bits_per_dim")));
        String headline = Double.isNaN(bpd) ? "likelihood not measured"
                : String.format(Locale.ROOT, "test NLL %.3f bits/dim (exact)", bpd);
        ModelExport export = ModelExport.of(PixelCnnFamily.NAME, config,
                "A " + (config.conditional() ? "class-conditional " : "") + "gated PixelCNN trained by genlab: an "
                        + "autoregressive model with an exact likelihood, sampled pixel by pixel.")
                .metrics(metrics, headline);
        String arch = String.format(Locale.ROOT, "Gated PixelCNN (van den Oord et al., 2016): %d layers with vertical "
                + "and horizontal stacks of %d channels (first layer 7×7 vertical / 1×7 horizontal, type A; then 3×3 / "
                + "1×3, type B%s), gates tanh·σ%s, residual horizontal stack; head: ReLU, 1×1 conv to %d, ReLU, 1×1 "
                + "conv to 256 logits per pixel. Loss: exact negative log-likelihood of the 8-bit pixels.",
                config.layers(), config.channels(), config.dilations().equals(List.of(1)) ? ""
                        : ", dilated " + config.dilations() + " in turn so that the stack sees the whole image",
                config.conditional() ? " with a class-dependent bias" : "", config.hidden());
        export.write(o, state, data, params, arch);
    }
}
