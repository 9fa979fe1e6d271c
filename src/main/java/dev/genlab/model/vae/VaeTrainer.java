package dev.genlab.model.vae;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.genlab.core.GenlabException;
import dev.genlab.core.Version;
import dev.genlab.data.Datasets;
import dev.genlab.data.ImageDataset;
import dev.genlab.data.Splits;
import dev.genlab.data.safetensors.DType;
import dev.genlab.data.safetensors.SafeTensors;
import dev.genlab.model.ImageShape;
import dev.genlab.model.ModelDirectory;
import dev.genlab.model.ModelManifest;
import dev.genlab.nn.Parameters;
import dev.genlab.train.Adam;
import dev.genlab.train.Checkpoint;
import dev.genlab.train.ModelCardWriter;
import dev.genlab.train.TrainingLoop;
import dev.genlab.train.TrainingState;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code genlab train vae}: trains on a dataset, checkpoints as it goes, and writes a model folder. */
public final class VaeTrainer {

    private static final String CONFIG_KEY = "genlab.vae_config";

    /**
     * @param limit train on the first {@code limit} images only (0 = all); for tests and quick looks
     */
    public record Options(Path data, Path out, int epochs, int batchSize, float learningRate, long seed,
            int latentDim, int baseChannels, double beta, boolean conditional, boolean resume, int limit,
            long maxSteps, int checkpointEvery, boolean progress, String command, String name) {}

    /** What training produced. */
    public record Result(Path modelDir, TrainingState state, VaeModel.Evaluation validation, boolean finished) {}

    private final PrintStream log;

    public VaeTrainer(PrintStream log) {
        this.log = log;
    }

    public Result train(Options o, NDManager root) {
        if (!(o.learningRate() > 0) || o.learningRate() > 1) {
            throw new GenlabException("--lr must be in (0, 1], got " + o.learningRate());
        }
        Path checkpointFile = o.out().resolve(Checkpoint.FILE_NAME);
        if (!o.resume() && Files.exists(checkpointFile)) {
            throw new GenlabException(o.out() + " already holds a training run; pass --resume to continue it, "
                    + "or choose another --out");
        }
        Splits splits = Datasets.load(o.data(), 1, 28, 28);
        ImageDataset train = o.limit() > 0 ? splits.train().head(o.limit()) : splits.train();
        ImageDataset test = o.limit() > 0 ? splits.test().head(Math.max(o.batchSize(), o.limit() / 4)) : splits.test();
        log.println("data: " + splits.describe());
        boolean labelled = Arrays.stream(train.labels()).allMatch(l -> l >= 0) && !train.classNames().isEmpty();
        if (o.conditional() && !labelled) {
            log.println("note: the data has no class labels for every image; training an unconditional VAE");
        }
        VaeConfig config = new VaeConfig(new ImageShape(train.channels(), train.height(), train.width()),
                o.conditional() && labelled ? train.classNames() : List.of(), o.latentDim(), o.baseChannels(), o.beta());
        String configJson = config.networkJson().toString() + "|" + config.image() + "|" + config.classes();

        try (NDManager manager = root.newSubManager();
                Parameters params = new Parameters(manager, o.seed())) {
            VaeNetwork net = new VaeNetwork(config, params);
            Adam adam = new Adam(params, o.learningRate(), 0.9f, 0.999f);
            TrainingState state = TrainingState.start();
            if (o.resume()) {
                Checkpoint.Loaded ck = Checkpoint.load(checkpointFile);
                String saved = ck.metadata().get(CONFIG_KEY);
                if (!configJson.equals(saved)) {
                    throw new GenlabException("the checkpoint in " + o.out() + " was made with other settings ("
                            + saved + "); resume with the same options, or choose another --out");
                }
                ck.restore(params, adam);
                state = ck.state();
                log.printf(Locale.ROOT, "resuming at epoch %d, step %d%n", state.epoch() + 1, state.globalStep());
            }
            log.printf(Locale.ROOT, "training a %s VAE: %,d parameters, latent %d, %d epochs of %d batches of %d%n",
                    config.conditional() ? "class-conditional" : "unconditional", params.count(), config.latentDim(),
                    o.epochs(), train.size() / o.batchSize(), o.batchSize());
            Map<String, String> meta = Map.of(CONFIG_KEY, configJson);
            TrainingLoop.Settings settings = new TrainingLoop.Settings(o.epochs(), o.batchSize(), o.seed(),
                    o.checkpointEvery(), o.maxSteps(), o.progress());
            state = TrainingLoop.run(new VaeObjective(net), adam, train, settings, state,
                    st -> Checkpoint.save(checkpointFile, params, adam, st, meta));
            for (TrainingState.EpochSummary e : state.epochs()) {
                log.printf(Locale.ROOT, "epoch %d: %s%n", e.epoch() + 1, ModelCardWriter.format(e.losses()));
            }
            boolean finished = state.epoch() >= o.epochs();
            VaeModel model = new VaeModel(null, net, manager);
            VaeModel.Evaluation val = model.evaluate(test, 500);
            log.printf(Locale.ROOT, "validation on %d test images: -ELBO %.2f nats/image (reconstruction %.2f + KL %.2f), "
                    + "reconstruction PSNR %.2f dB%n", val.images(), val.negElbo(), val.recon(), val.kl(), val.psnr());
            export(o, config, params, state, val, splits.train().source(), train.size());
            if (!finished) {
                log.println("stopped at step " + state.globalStep() + " (--max-steps); continue with --resume");
            }
            return new Result(o.out(), state, val, finished);
        }
    }

    private void export(Options o, VaeConfig config, Parameters params, TrainingState state, VaeModel.Evaluation val,
            String dataSource, int trainImages) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("val_neg_elbo_nats", val.negElbo());
        metrics.put("val_recon_nll_nats", val.recon());
        metrics.put("val_kl_nats", val.kl());
        metrics.put("val_bits_per_dim_bound", val.negElbo() / (Math.log(2) * config.image().channels()
                * config.image().height() * config.image().width()));
        metrics.put("val_reconstruction_psnr_db", val.psnr());
        var training = new ModelManifest.TrainingInfo(o.command(), o.seed(), state.epoch(), state.globalStep(),
                o.batchSize(), state.seconds(), dataSource + ", " + trainImages + " training images",
                Version.commit(), Version.version());
        String headline = String.format(Locale.ROOT, "val -ELBO %.1f nats, PSNR %.1f dB", val.negElbo(), val.psnr());
        ModelManifest manifest = new ModelManifest(ModelManifest.FORMAT, o.name(), VaeFamily.NAME,
                "A convolutional " + (config.conditional() ? "class-conditional " : "")
                        + "variational autoencoder trained by genlab.",
                config.image(), config.classes(), config.networkJson(), training, metrics, headline);
        Map<String, String> meta = new LinkedHashMap<>();
        try {
            meta.put("genlab.manifest", ModelDirectory.JSON.writeValueAsString(manifest));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        SafeTensors.write(o.out().resolve(ModelDirectory.WEIGHTS), params.toTensors(DType.F32), meta);
        ModelDirectory.writeManifest(o.out(), manifest);
        String arch = String.format(Locale.ROOT, "Encoder: 3×3 conv to %d channels, two stride-2 3×3 convs (%d, %d "
                + "channels), GroupNorm + SiLU before each, linear to mean and log-variance of a %d-d latent. "
                + "Decoder: linear from the latent%s, then two stages of nearest 2× upsampling + 3×3 conv with an "
                + "extra 3×3 conv each, GroupNorm + SiLU before each conv, 3×3 conv to Bernoulli logits. β = %s.",
                config.baseChannels(), 2 * config.baseChannels(), 4 * config.baseChannels(), config.latentDim(),
                config.conditional() ? " and the one-hot class" : "", config.beta());
        ModelCardWriter.write(o.out(), manifest, params.count(), arch, state, null);
    }
}
