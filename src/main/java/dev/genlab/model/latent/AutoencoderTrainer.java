package dev.genlab.model.latent;

import ai.djl.ndarray.NDManager;
import dev.genlab.modelstore.ImageShape;
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
 * {@code genlab train autoencoder}: trains the KL autoencoder, then measures the latent scale factor on
 * the training images and the reconstruction error on the test split, and writes the model folder.
 */
public final class AutoencoderTrainer extends Trainer {

    /** Images whose latents set the scale factor. */
    static final int SCALE_IMAGES = 5000;

    /**
     * @param evalImages test images for the reconstruction PSNR in the model card
     */
    public record Options(TrainingOptions common, int baseChannels, int latentChannels, double klWeight,
            int evalImages) {}

    public record Result(Path modelDir, TrainingState state, AutoencoderModel.Evaluation test, double scaleFactor) {}

    public AutoencoderTrainer(PrintStream log) {
        super(log);
    }

    public Result train(Options options, NDManager root) {
        TrainingOptions o = options.common();
        TrainingSession.Data data = loadData(o);
        var train = data.train();
        ImageShape image = data.imageShape();
        AutoencoderConfig config = new AutoencoderConfig(image, AutoencoderConfig.canvasFor(image),
                options.baseChannels(), options.latentChannels(), options.klWeight(), 1.0);
        String fingerprint = config.networkJson() + "|" + config.image();
        try (NDManager manager = root.newSubManager();
                Parameters params = new Parameters(manager, o.seed())) {
            KlAutoencoder net = new KlAutoencoder(config, params);
            Adam adam = new Adam(params, o.learningRate(), 0.9f, 0.999f);
            int s = config.latentSize();
            log.printf(Locale.ROOT, "training a KL autoencoder: %,d parameters, %dx%d canvas to a %dx%dx%d latent, "
                    + "%d epochs of %d batches of %d%n", params.count(), config.canvas(), config.canvas(),
                    config.latentChannels(), s, s, o.epochs(), train.size() / o.batchSize(), o.batchSize());
            TrainingState state = TrainingSession.run(o, new AutoencoderObjective(net, params), List.of(adam), train,
                    fingerprint, log);
            AutoencoderModel model = new AutoencoderModel(null, net, manager);
            double scale = 1 / model.latentStd(train, SCALE_IMAGES, 250, o.seed());
            var test = model.evaluate(data.test(), options.evalImages(), 250);
            log.printf(Locale.ROOT, "latent scale factor %.5f (from %d training images); test split: reconstruction "
                    + "PSNR %.2f dB (%d images)%n", scale, Math.min(SCALE_IMAGES, train.size()), test.psnr(),
                    test.images());
            export(o, config.withScaleFactor(scale), params, state, test, data.describe());
            return new Result(o.out(), state, test, scale);
        }
    }

    private static void export(TrainingOptions o, AutoencoderConfig config, Parameters params, TrainingState state,
            AutoencoderModel.Evaluation test, String data) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("test_reconstruction_psnr_db", test.psnr());
        metrics.put("test_reconstruction_mse", test.mse());
        metrics.put("latent_scale_factor", config.scaleFactor());
        state.epochs().stream().reduce((a, b) -> b).ifPresent(e -> metrics.put("final_epoch_kl", e.losses().get("kl")));
        int s = config.latentSize();
        String headline = String.format(Locale.ROOT, "test PSNR %.1f dB, latent %dx%dx%d", test.psnr(),
                config.latentChannels(), s, s);
        ModelExport export = ModelExport.of(AutoencoderFamily.NAME, config, "The KL autoencoder of genlab's latent "
                + "diffusion model (Stable Diffusion's VAE at small scale), trained by genlab; the text-to-image "
                + "model denoises in its latent space.").metrics(metrics, headline);
        int b = config.baseChannels();
        String arch = String.format(Locale.ROOT, "Images centred in a %d×%d canvas in [−1, 1]. Encoder: 3×3 conv to "
                + "%d channels; residual blocks (GroupNorm, SiLU, 3×3 conv, twice) at %d, %d and %d pixels with %d, %d, "
                + "%d channels, stride-2 convs between; self-attention at the lowest; GroupNorm + SiLU + 3×3 conv to "
                + "the mean and log-variance of a %d×%d×%d latent. Decoder mirrored (nearest 2× upsampling + conv). "
                + "Loss: squared error summed over the canvas + %s × KL. Latent scale factor %.5f (1/std of the "
                + "training latents).", config.canvas(), config.canvas(), b, config.canvas(), config.canvas() / 2,
                s, b, 2 * b, 2 * b, config.latentChannels(), s, s, config.klWeight(), config.scaleFactor());
        export.write(o, state, data, params, arch);
    }
}
