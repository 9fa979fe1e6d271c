package dev.genlab.model.latent;

import ai.djl.ndarray.NDManager;
import dev.genlab.core.GenlabException;
import dev.genlab.data.safetensors.DType;
import dev.genlab.data.safetensors.SafeTensors;
import dev.genlab.data.safetensors.Tensor;
import dev.genlab.model.Generator;
import dev.genlab.model.MeasuredExport;
import dev.genlab.model.SamplerSettings;
import dev.genlab.modelstore.ModelDirectory;
import dev.genlab.nn.Parameters;
import dev.genlab.sampling.NoiseSchedule;
import dev.genlab.sampling.Prediction;
import dev.genlab.text.CaptionBank;
import dev.genlab.text.Captions;
import dev.genlab.text.TextEncoder;
import dev.genlab.train.Adam;
import dev.genlab.train.Ema;
import dev.genlab.train.ModelExport;
import dev.genlab.train.Trainer;
import dev.genlab.train.TrainingOptions;
import dev.genlab.train.TrainingSession;
import dev.genlab.train.TrainingState;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code genlab train ldm}: the text-to-image UNet on a trained autoencoder's latents, with captions written
 * from the class labels and encoded once by the frozen text encoder. Ships the UNet's weight average
 * together with the autoencoder's weights, so the model folder is complete on its own.
 */
public final class LdmTrainer extends Trainer {

    private static final String EMA_PREFIX = "ema.";

    /**
     * @param autoencoder      the model folder of the autoencoder (from {@code genlab train autoencoder})
     * @param captionsPerClass training captions kept per class (each encoded once)
     */
    /** The sampler a newly trained model generates with, at the guidance scale chosen for it (--cfg). */
    public static SamplerSettings defaultSampler(double cfg) {
        return new SamplerSettings("dpmpp-2m", 25, cfg, 0.0, false);
    }

    public record Options(TrainingOptions common, Path autoencoder, int baseChannels, int heads,
            NoiseSchedule.Kind schedule, int trainingSteps, Prediction prediction, double dropPrompt, float emaDecay,
            int captionsPerClass, SamplerSettings defaults) {}

    public record Result(Path modelDir, TrainingState state, Map<String, Double> quality, boolean finished) {}

    public LdmTrainer(PrintStream log) {
        super(log);
    }

    public Result train(Options options, NDManager root, Function<Generator, Map<String, Double>> quality) {
        TrainingOptions o = options.common();
        TrainingSession.Data data = loadData(o);
        var train = data.train();
        List<String> classes = data.conditioningClasses(true, log);
        if (classes.isEmpty()) {
            throw new GenlabException("text-to-image training writes its captions from class labels, and the data "
                    + "has none: give --data a folder with one sub-folder per class");
        }
        ModelDirectory aeDir = ModelDirectory.open(options.autoencoder());
        if (!AutoencoderFamily.NAME.equals(aeDir.manifest().family())) {
            throw new GenlabException(options.autoencoder() + " is a " + aeDir.manifest().family() + " model, not an "
                    + "autoencoder; train one with `genlab train autoencoder`");
        }
        if (options.captionsPerClass() < 1 || options.captionsPerClass() > 10_000) {
            throw new dev.genlab.core.UsageException("--captions-per-class must be between 1 and 10000, got "
                    + options.captionsPerClass());
        }
        try (NDManager manager = root.newSubManager();
                AutoencoderModel ae = AutoencoderModel.load(aeDir, manager);
                Parameters params = new Parameters(manager, o.seed());
                TextEncoder text = TextEncoder.load(1)) {
            if (!ae.config().image().equals(new dev.genlab.modelstore.ImageShape(train.channels(), train.height(),
                    train.width()))) {
                throw new GenlabException("the autoencoder takes " + ae.config().image().size() + " images, the data "
                        + "has " + train.width() + "x" + train.height());
            }
            LdmConfig config = new LdmConfig(ae.config(), options.baseChannels(), options.heads(), TextEncoder.TOKENS,
                    TextEncoder.DIM, options.schedule(), options.trainingSteps(), options.prediction(),
                    options.dropPrompt(), options.defaults());
            String fingerprint = config.networkJson() + "|" + classes + "|captions " + options.captionsPerClass()
                    + "|ema " + options.emaDecay() + "|ae " + aeDir.weightsSha256();
            long t0 = System.nanoTime();
            CaptionBank captions = CaptionBank.build(new Captions(classes), classes.size(), options.captionsPerClass(),
                    o.seed(), text);
            int kept = 0;
            for (int c = 0; c < classes.size(); c++) {
                kept += captions.size(c);
            }
            log.printf(Locale.ROOT, "encoded %d training captions with all-MiniLM-L6-v2 in %.1f s%n", kept,
                    (System.nanoTime() - t0) / 1e9);
            LdmUNet net = new LdmUNet(config, params);
            Ema ema = new Ema(params, LdmUNet.PREFIX, EMA_PREFIX, options.emaDecay());
            Adam adam = new Adam(params, LdmUNet.PREFIX, "optimizer", o.learningRate(), 0.9f, 0.999f);
            long count = params.count(LdmUNet.PREFIX);
            AutoencoderConfig a = config.autoencoder();
            log.printf(Locale.ROOT, "training a text-to-image latent diffusion UNet: %,d parameters on %dx%dx%d "
                    + "latents, %s schedule of %d steps, %s prediction, %d epochs of %d batches of %d%n", count,
                    a.latentChannels(), a.latentSize(), a.latentSize(), config.schedule().cliName(),
                    config.trainingSteps(), config.prediction().cliName(), o.epochs(), train.size() / o.batchSize(),
                    o.batchSize());
            TrainingState state = TrainingSession.run(o,
                    new LdmObjective(net, params, ae.network(), captions, ema), List.of(adam), train, fingerprint, log);
            Map<String, Double> measured = MeasuredExport.write(
                    q -> export(o, config, params, count, aeDir, state, q, data.describe()),
                    () -> LdmModel.load(ModelDirectory.open(o.out()), manager), quality);
            return new Result(o.out(), state, measured, state.epoch() >= o.epochs());
        }
    }

    private static void export(TrainingOptions o, LdmConfig config, Parameters params, long count,
            ModelDirectory aeDir, TrainingState state, Map<String, Double> quality, String data) {
        Map<String, Double> metrics = new LinkedHashMap<>(quality);
        state.epochs().stream().reduce((a, b) -> b).ifPresent(e -> metrics.put("final_epoch_mse", e.losses().get("mse")));
        aeDir.manifest().metrics().forEach((k, v) -> metrics.put("autoencoder_" + k, v));
        String headline = quality.containsKey("prompt_accuracy")
                ? String.format(Locale.ROOT, "prompt accuracy %.2f (held-out paraphrases %.2f)",
                        quality.get("prompt_accuracy"), quality.getOrDefault("held_out_prompt_accuracy", Double.NaN))
                : "quality not measured (no classifier installed)";
        ModelExport export = ModelExport.of(LdmFamily.NAME, config,
                "A text-to-image latent diffusion model in the manner of Stable Diffusion, trained by genlab: the "
                        + "frozen all-MiniLM-L6-v2 text encoder, a KL autoencoder, and a UNet with cross-attention to "
                        + "the text, sampled with classifier-free guidance.")
                .metrics(metrics, headline);
        List<Tensor> weights = new ArrayList<>(params.toTensors(DType.F16, EMA_PREFIX + LdmUNet.PREFIX, LdmUNet.PREFIX));
        SafeTensors.read(aeDir.weights()).tensors().values().forEach(weights::add);
        int b = config.baseChannels();
        AutoencoderConfig a = config.autoencoder();
        SamplerSettings d = config.defaults();
        String arch = String.format(Locale.ROOT, "Text: all-MiniLM-L6-v2 (frozen), %d tokens × %d. Autoencoder "
                + "(weights in this file): %s → %d×%d×%d latents, scale factor %.5f. UNet on the latents at %d×%d and "
                + "%d×%d with %d and %d channels: per level a residual block (time embedding + pooled text) and "
                + "%d-head cross-attention to the text tokens, self-attention at the lower level and in the middle; "
                + "stride-2 conv down, nearest upsampling + conv up. %s schedule, T = %d, %s prediction, prompts "
                + "dropped %.0f%% of the time. Default sampling: %s, %d steps, guidance %s.", config.contextTokens(),
                config.contextDim(), a.image().size(), a.latentChannels(), a.latentSize(), a.latentSize(),
                a.scaleFactor(), a.latentSize(), a.latentSize(), a.latentSize() / 2, a.latentSize() / 2, b, 2 * b,
                config.heads(), config.schedule().cliName(), config.trainingSteps(), config.prediction().cliName(),
                100 * config.dropPrompt(), d.sampler(), d.steps(), d.cfg());
        export.write(o, state, data, weights, count, arch);
    }
}
