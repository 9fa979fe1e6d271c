package dev.genlab.model.vqvae;

import ai.djl.ndarray.NDManager;
import dev.genlab.core.Version;
import dev.genlab.data.ImageDataset;
import dev.genlab.data.safetensors.DType;
import dev.genlab.model.Generator;
import dev.genlab.model.MeasuredExport;
import dev.genlab.modelstore.ModelDirectory;
import dev.genlab.modelstore.ModelManifest;
import dev.genlab.nn.Parameters;
import dev.genlab.train.Adam;
import dev.genlab.train.ModelExport;
import dev.genlab.train.Trainer;
import dev.genlab.train.TrainingOptions;
import dev.genlab.train.TrainingSession;
import dev.genlab.train.TrainingState;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code genlab train vqvae}: two stages in one command, as in the paper. First the autoencoder with its
 * codebook ({@code --epochs}); then every training image is encoded to its code grid and the prior learns
 * those grids ({@code --prior-epochs}). Each stage checkpoints on its own (the prior's in {@code OUT/prior}),
 * so {@code --resume} continues whichever stage was running; {@code --max-steps} counts both stages' steps.
 */
public final class VqVaeTrainer extends Trainer {

    /** Folder (inside the model folder) of the prior stage's checkpoint. */
    public static final String PRIOR_STAGE = "prior";

    public record Options(TrainingOptions common, int channels, int codes, int codeDim, int priorEpochs,
            float priorLearningRate, int priorChannels, int priorLayers, int priorHidden, boolean conditional,
            int evalImages) {}

    /** What training produced; {@code finished} only when both stages ran all their epochs. */
    public record Result(Path modelDir, TrainingState autoencoder, TrainingState prior, Map<String, Double> metrics,
            boolean finished) {}

    public VqVaeTrainer(PrintStream log) {
        super(log);
    }

    public Result train(Options options, NDManager root, Function<Generator, Map<String, Double>> quality) {
        TrainingOptions o = options.common();
        TrainingSession.Data data = loadData(o);
        ImageDataset train = data.train();
        VqVaeConfig config = new VqVaeConfig(data.imageShape(),
                data.conditioningClasses(options.conditional(), log), options.channels(), options.codes(),
                options.codeDim(), options.priorChannels(), options.priorLayers(), options.priorHidden());
        try (NDManager manager = root.newSubManager();
                Parameters params = new Parameters(manager, o.seed())) {
            VqVaeNetwork net = new VqVaeNetwork(config, params);
            CodePrior prior = new CodePrior(config, params);
            VqVaeModel model = new VqVaeModel(null, net, prior, manager);
            log.printf(Locale.ROOT, "stage 1 of 2, the autoencoder: %,d parameters, %d codes of %d dimensions on a "
                    + "%d×%d grid, %d epochs of %d batches of %d%n", params.count(VqVaeNetwork.PREFIX), config.codes(),
                    config.codeDim(), config.gridHeight(), config.gridWidth(), o.epochs(),
                    train.size() / o.batchSize(), o.batchSize());
            Adam aeAdam = new Adam(params, VqVaeNetwork.PREFIX, "optimizer", o.learningRate(), 0.9f, 0.999f);
            TrainingState ae = TrainingSession.run(o, new AutoencoderObjective(net, params), List.of(aeAdam), train,
                    config.autoencoderFingerprint(), log);
            if (ae.epoch() < o.epochs()) {
                return new Result(o.out(), ae, null, Map.of(), false);
            }
            VqVaeModel.Evaluation recon = model.evaluate(data.test(), options.evalImages(), 200);
            log.printf(Locale.ROOT, "autoencoder on %d test images: reconstruction PSNR %.2f dB, code perplexity "
                    + "%.1f, %d of %d codes used%n", recon.images(), recon.psnr(), recon.perplexity(),
                    recon.codesUsed(), config.codes());

            long left = o.maxSteps() == 0 ? 0 : o.maxSteps() - ae.globalStep();
            if (o.maxSteps() > 0 && left <= 0) {
                log.println("stopped after the autoencoder (--max-steps); the prior is next: continue with --resume");
                return new Result(o.out(), ae, null, Map.of(), false);
            }
            TrainingOptions po = priorOptions(o, options, left);
            log.printf(Locale.ROOT, "stage 2 of 2, the %s prior: %,d parameters, encoding %d training images to "
                    + "code grids%n", config.conditional() ? "class-conditional" : "unconditional",
                    params.count(CodePrior.PREFIX), train.size());
            ImageDataset grids = model.codeGrids(train, 500);
            Adam priorAdam = new Adam(params, CodePrior.PREFIX, "prior_optimizer", po.learningRate(), 0.9f, 0.999f);
            TrainingState ps = TrainingSession.run(po, new PriorObjective(prior, config, params), List.of(priorAdam),
                    grids, config.autoencoderFingerprint() + "|prior " + config.networkJson() + "|" + config.classes(),
                    log);
            if (ps.epoch() < po.epochs()) {
                return new Result(o.out(), ae, ps, Map.of(), false);
            }
            ImageDataset testGrids = model.codeGrids(data.test().head(options.evalImages()), 500);
            double bitsPerCode = model.priorBitsPerCode(testGrids, options.evalImages(), 500);
            log.printf(Locale.ROOT, "prior on %d test code grids: %.4f bits per code (exact NLL)%n", testGrids.size(),
                    bitsPerCode);
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("test_reconstruction_psnr_db", recon.psnr());
            metrics.put("test_code_perplexity", recon.perplexity());
            metrics.put("codes_used", (double) recon.codesUsed());
            metrics.put("prior_test_bits_per_code", bitsPerCode);
            metrics.put("prior_test_nll_nats", bitsPerCode * Math.log(2) * PriorObjective.positions(config));
            metrics.put("test_images", (double) recon.images());
            Map<String, Double> measured = MeasuredExport.write(
                    q -> export(o, config, params, ae, ps, merged(metrics, q), data.describe()),
                    () -> VqVaeModel.load(ModelDirectory.open(o.out()), manager), quality);
            return new Result(o.out(), ae, ps, merged(metrics, measured), true);
        }
    }

    private static TrainingOptions priorOptions(TrainingOptions o, Options options, long maxSteps) {
        Path dir = o.out().resolve(PRIOR_STAGE);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean resume = o.resume() && Files.exists(dir.resolve(dev.genlab.train.Checkpoint.FILE_NAME));
        return new TrainingOptions(o.data(), dir, options.priorEpochs(), o.batchSize(),
                options.priorLearningRate(), o.seed(), resume, 0, maxSteps, o.checkpointEvery(), o.progress(),
                o.command(), o.name());
    }

    private static Map<String, Double> merged(Map<String, Double> a, Map<String, Double> b) {
        Map<String, Double> out = new LinkedHashMap<>(b);
        out.putAll(a);
        return out;
    }

    private static void export(TrainingOptions o, VqVaeConfig config, Parameters params, TrainingState ae,
            TrainingState prior, Map<String, Double> metrics, String data) {
        String headline = String.format(Locale.ROOT, "%sreconstruction PSNR %.1f dB, prior %.2f bits/code",
                metrics.containsKey("fd_fmnist") ? String.format(Locale.ROOT, "FD-FMNIST %.1f, ",
                        metrics.get("fd_fmnist")) : "", metrics.get("test_reconstruction_psnr_db"),
                metrics.get("prior_test_bits_per_code"));
        var training = new ModelManifest.TrainingInfo(o.command(), o.seed(), ae.epoch() + prior.epoch(),
                ae.globalStep() + prior.globalStep(), o.batchSize(), ae.seconds() + prior.seconds(), data,
                Version.commit(), Version.version());
        ModelExport export = ModelExport.of(VqVaeFamily.NAME, config,
                "A VQ-VAE trained by genlab, with a " + (config.conditional() ? "class-conditional " : "")
                        + "gated PixelCNN prior over its " + config.gridHeight() + "×" + config.gridWidth()
                        + " code grids: an autoencoder and an autoregressive model combined.")
                .metrics(metrics, headline)
                .training(training);
        StringBuilder arch = new StringBuilder(String.format(Locale.ROOT, "Autoencoder (van den Oord et al., 2017): "
                + "two stride-2 4×4 convs (%d, %d channels), a 3×3 conv, two residual blocks, 1×1 conv to %d-d codes; "
                + "codebook of %d codes updated by moving averages (decay %.2f) with dead codes restarted from the "
                + "batch; decoder mirrors it with nearest 2× upsampling + 3×3 convs and a sigmoid. Loss: MSE + %.2f × "
                + "commitment. Prior: gated PixelCNN over one-hot codes, %d layers of %d channels, head %d, %d-way "
                + "softmax per position (stored in fp16).%n%n", config.channels() / 2, config.channels(), config.codeDim(),
                config.codes(), VqVaeNetwork.CODEBOOK_DECAY, AutoencoderObjective.BETA, config.priorLayers(),
                config.priorChannels(), config.priorHidden(), config.codes()));
        arch.append(String.format(Locale.ROOT, "Stage 1 (autoencoder): %d epochs, %d steps, %.0f s. Stage 2 (prior): "
                + "%d epochs, %d steps, %.0f s; its curve is below.%n%n| autoencoder epoch | step | mse | commitment | "
                + "perplexity | restarts |%n|---|---|---|---|---|---|%n", ae.epoch(), ae.globalStep(), ae.seconds(),
                prior.epoch(), prior.globalStep(), prior.seconds()));
        for (TrainingState.EpochSummary e : ae.epochs()) {
            var l = e.losses();
            arch.append(String.format(Locale.ROOT, "| %d | %d | %.5f | %.5f | %.1f | %.2f |%n", e.epoch() + 1, e.step(),
                    l.getOrDefault("mse", Double.NaN), l.getOrDefault("commitment", Double.NaN),
                    l.getOrDefault("perplexity", Double.NaN), l.getOrDefault("restarts", Double.NaN)));
        }
        // the prior is most of the parameters and keeps its quality in fp16; the autoencoder and codebook stay
        // fp32, so that nearest-code choices match the training run's
        List<dev.genlab.data.safetensors.Tensor> tensors = new java.util.ArrayList<>(
                params.toTensors(DType.F32, VqVaeNetwork.PREFIX, VqVaeNetwork.PREFIX));
        tensors.addAll(params.toTensors(DType.F32, VqVaeNetwork.QUANTIZER + ".", VqVaeNetwork.QUANTIZER + "."));
        tensors.addAll(params.toTensors(DType.F16, CodePrior.PREFIX, CodePrior.PREFIX));
        export.write(o, prior, data, tensors, params.count(), arch.toString());
    }
}
