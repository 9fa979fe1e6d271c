package dev.genlab.model.vae;

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

/** {@code genlab train vae}: trains on a dataset, checkpoints as it goes, and writes a model folder. */
public final class VaeTrainer extends Trainer {

    /** The VAE's own options. */
    public record Options(TrainingOptions common, int latentDim, int baseChannels, double beta, boolean conditional) {}

    /** What training produced. */
    public record Result(Path modelDir, TrainingState state, VaeModel.Evaluation validation, boolean finished) {}

    public VaeTrainer(PrintStream log) {
        super(log);
    }

    public Result train(Options options, NDManager root) {
        TrainingOptions o = options.common();
        TrainingSession.Data data = loadData(o);
        var train = data.train();
        VaeConfig config = new VaeConfig(data.imageShape(),
                data.conditioningClasses(options.conditional(), log), options.latentDim(),
                options.baseChannels(), options.beta());
        String fingerprint = TrainingSession.fingerprint(config);

        try (NDManager manager = root.newSubManager();
                Parameters params = new Parameters(manager, o.seed())) {
            VaeNetwork net = new VaeNetwork(config, params);
            Adam adam = new Adam(params, o.learningRate(), 0.9f, 0.999f);
            log.printf(Locale.ROOT, "training a %s VAE: %,d parameters, latent %d, %d epochs of %d batches of %d%n",
                    config.conditional() ? "class-conditional" : "unconditional", params.count(), config.latentDim(),
                    o.epochs(), train.size() / o.batchSize(), o.batchSize());
            TrainingState state = TrainingSession.run(o, new VaeObjective(net), List.of(adam), train, fingerprint, log);
            VaeModel.Evaluation val = new VaeModel(null, net, manager).evaluate(data.test(), 500);
            log.printf(Locale.ROOT, "validation on %d test images: -ELBO %.2f nats/image (reconstruction %.2f + KL %.2f), "
                    + "reconstruction PSNR %.2f dB%n", val.images(), val.negElbo(), val.recon(), val.kl(), val.psnr());
            export(o, config, params, state, val, data.describe());
            return new Result(o.out(), state, val, state.epoch() >= o.epochs());
        }
    }

    private static void export(TrainingOptions o, VaeConfig config, Parameters params, TrainingState state,
            VaeModel.Evaluation val, String data) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("val_neg_elbo_nats", val.negElbo());
        metrics.put("val_recon_nll_nats", val.recon());
        metrics.put("val_kl_nats", val.kl());
        metrics.put("val_bits_per_dim_bound", val.negElbo() / (Math.log(2) * config.image().channels()
                * config.image().height() * config.image().width()));
        metrics.put("val_reconstruction_psnr_db", val.psnr());
        String headline = String.format(Locale.ROOT, "val -ELBO %.1f nats, PSNR %.1f dB", val.negElbo(), val.psnr());
        ModelExport export = ModelExport.of(VaeFamily.NAME, config,
                "A convolutional " + (config.conditional() ? "class-conditional " : "")
                        + "variational autoencoder trained by genlab.")
                .metrics(metrics, headline);
        String arch = String.format(Locale.ROOT, "Encoder: 3×3 conv to %d channels, two stride-2 3×3 convs (%d, %d "
                + "channels), GroupNorm + SiLU before each, linear to mean and log-variance of a %d-d latent. "
                + "Decoder: linear from the latent%s, then two stages of nearest 2× upsampling + 3×3 conv with an "
                + "extra 3×3 conv each, GroupNorm + SiLU before each conv, 3×3 conv to Bernoulli logits. β = %s.",
                config.baseChannels(), 2 * config.baseChannels(), 4 * config.baseChannels(), config.latentDim(),
                config.conditional() ? " and the one-hot class" : "", config.beta());
        export.write(o, state, data, params, arch);
    }
}
