package dev.genlab.model.latent;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.genlab.data.Image;
import dev.genlab.model.GenerationRequest;
import dev.genlab.model.NetworkModel;
import dev.genlab.model.Latents;
import dev.genlab.model.PhaseTimed;
import dev.genlab.model.Sample;
import dev.genlab.model.SamplerSettings;
import dev.genlab.model.Stepwise;
import dev.genlab.modelstore.ModelDirectory;
import dev.genlab.sampling.ClassifierFreeGuidance;
import dev.genlab.sampling.DenoisingLoop;
import dev.genlab.sampling.DenoisingRun;
import dev.genlab.sampling.NoiseSource;
import dev.genlab.sampling.Samplers;
import dev.genlab.sampling.Scheduler;
import dev.genlab.text.TextEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The text-to-image model and its pipeline, in the manner of Stable Diffusion: the prompt (and the
 * negative prompt, which takes the unconditional context's place) through the frozen text encoder, the
 * denoising loop in the autoencoder's latent space with classifier-free guidance on a doubled batch, and
 * the autoencoder's decoder. Image-to-image starts the loop part-way, from the init image's latent noised
 * to that point; inpainting also puts the re-noised init latent back outside the mask after every call,
 * and the init latent itself at the end.
 */
public final class LdmModel extends NetworkModel<LdmUNet> implements Stepwise, PhaseTimed {

    private final KlAutoencoder autoencoder;
    private TextEncoder text;
    /** Nanoseconds per phase since the last reset. */
    private final Map<String, Long> phases = new java.util.LinkedHashMap<>();

    private record Networks(LdmUNet unet, KlAutoencoder autoencoder) {}

    static final String TEXT = "text encoding";
    static final String DENOISE = "denoising";
    static final String DECODE = "decoding";

    private LdmModel(ModelDirectory dir, Networks nets, NDManager manager) {
        super(dir, nets.unet(), manager);
        this.autoencoder = nets.autoencoder();
    }

    /** Loads a folder written by {@code genlab train ldm}: the UNet's weight average and the autoencoder, one file. */
    public static LdmModel load(ModelDirectory dir, NDManager parent) {
        var m = dir.manifest();
        LdmConfig config = LdmConfig.fromJson(m.image(), m.network());
        return load(dir, parent, p -> new Networks(new LdmUNet(config, p), new KlAutoencoder(config.autoencoder(), p)),
                LdmModel::new);
    }

    @Override
    public List<String> classNames() {
        return List.of();
    }

    @Override
    public boolean followsPrompts() {
        return true;
    }

    @Override
    public SamplerSettings defaultSampler() {
        return net.config().defaults();
    }

    @Override
    public Map<String, String> resolveOptions(Map<String, String> given) {
        return LdmOptions.resolve(given, net.config().autoencoder().image(), dir.name(), textEncoder());
    }

    /** The frozen text encoder, loaded on first use (ONNX Runtime, one thread: the same prompt, the same floats). */
    synchronized TextEncoder textEncoder() {
        if (text == null) {
            text = TextEncoder.load(1);
        }
        return text;
    }

    @Override
    public List<Sample> generate(GenerationRequest request) {
        return generate(request, null);
    }

    @Override
    public List<Sample> generate(GenerationRequest request, BiConsumer<Integer, List<Image>> eachCall) {
        int b = request.seeds().length;
        LdmOptions o = LdmOptions.of(request.options());
        try (NDManager m = manager.newSubManager()) {
            // strength 0 runs no step: the init image's reconstruction, exactly as the autoencoder makes it
            List<Image> images;
            SamplerSettings s = request.sampler() != null ? request.sampler() : defaultSampler();
            if (o.init() != null && DenoisingRun.stepsFromInit(s.steps(), o.strength()) == 0) {
                images = toImages(autoencoder.reconstruct(o.initImages(m, net.config().autoencoder().image(), b)), b);
            } else {
                NDArray latents = sampleLatents(request, eachCall, m);
                long t0 = System.nanoTime();
                images = toImages(autoencoder.decodeScaled(latents), b); // toImages waits for the result
                phases.merge(DECODE, System.nanoTime() - t0, Long::sum);
            }
            List<Sample> out = new ArrayList<>(b);
            for (int i = 0; i < b; i++) {
                out.add(new Sample(request.seeds()[i], images.get(i), null));
            }
            return out;
        }
    }

    /** The scaled latents of the initial image of a request: the posterior means of the init image, (B, z, s, s). */
    NDArray initLatents(GenerationRequest request, NDManager m) {
        AutoencoderConfig ae = net.config().autoencoder();
        return autoencoder.encodeScaled(LdmOptions.of(request.options()).initImages(m, ae.image(),
                request.seeds().length));
    }

    /** Where the loop starts and what it keeps: noise, or the init image's latent (and the mask's keep region). */
    private DenoisingRun start(GenerationRequest request, NDManager m) {
        LdmOptions o = LdmOptions.of(request.options());
        if (o.init() == null) {
            return DenoisingRun.fromNoise();
        }
        NDArray keep = o.mask() == null ? null : o.latentKeep(m, net.config().autoencoder(), request.seeds().length);
        return new DenoisingRun(initLatents(request, m), o.strength(), keep);
    }

    /** The denoising loop of a request, up to the final latents (B, z, s, s) on {@code m}, before decoding. */
    NDArray sampleLatents(GenerationRequest request, BiConsumer<Integer, List<Image>> eachCall, NDManager m) {
        LdmOptions o = LdmOptions.of(request.options());
        SamplerSettings s = request.sampler() != null ? request.sampler() : defaultSampler();
        LdmConfig c = net.config();
        Scheduler scheduler = Samplers.create(s.sampler(), c.noiseSchedule(), c.prediction(), s.eta(), s.karras());
        boolean guided = !o.prompt().equals(o.negativePrompt());
        ClassifierFreeGuidance cfg = new ClassifierFreeGuidance(guided ? s.cfg() : 1.0, 0);
        int b = request.seeds().length;
        AutoencoderConfig ae = c.autoencoder();
        long t0 = System.nanoTime();
        NDArray cond = context(m, o.prompt(), b);
        NDArray both = cfg.needsUnconditional() ? context(m, o.negativePrompt(), b).concat(cond, 0) : null;
        phases.merge(TEXT, System.nanoTime() - t0, Long::sum);
        NoiseSource noise = NoiseSource.seeded(request.seeds());
        NDArray eps = noise.initial(m, new Shape(b, ae.latentChannels(), ae.latentSize(), ae.latentSize()));
        DenoisingRun run = start(request, m);
        if (run.denoisedSteps(s.steps()) == 0) {
            return run.init(); // strength 0: the init image's latent, untouched
        }
        DenoisingLoop.Denoiser denoiser = (in, t, call) -> both == null
                ? net.forward(in, call.full(new Shape(b), (float) t), cond)
                : cfg.combine(net.forward(ClassifierFreeGuidance.doubled(in), call.full(new Shape(2L * b), (float) t),
                        both));
        DenoisingRun.Preview preview = eachCall == null ? null : (i, in, out, t) -> eachCall.accept(i,
                toImages(autoencoder.decodeScaled(c.prediction().toSample(out, in, c.noiseSchedule().alphaBar(t))), b));
        long t1 = System.nanoTime();
        NDArray result = run.run(scheduler, s.steps(), eps, request.temperature(), noise, denoiser, preview, m);
        phases.merge(DENOISE, System.nanoTime() - t1, Long::sum); // each call's step waits for its network output
        return result;
    }

    @Override
    public synchronized Map<String, Double> phaseSeconds() {
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        for (String p : new String[] {TEXT, DENOISE, DECODE}) {
            out.put(p, phases.getOrDefault(p, 0L) / 1e9);
        }
        return out;
    }

    @Override
    public synchronized void resetPhases() {
        phases.clear();
    }

    /** A prompt's context, repeated for the batch: (B, T, D). */
    private NDArray context(NDManager m, String prompt, int b) {
        float[] one = textEncoder().encode(prompt);
        float[] all = new float[b * one.length];
        for (int i = 0; i < b; i++) {
            System.arraycopy(one, 0, all, i * one.length, one.length);
        }
        return m.create(all, new Shape(b, TextEncoder.TOKENS, TextEncoder.DIM));
    }

    private List<Image> toImages(NDArray images, int b) {
        return Latents.toImages(images.toFloatArray(), b, net.config().autoencoder().image());
    }

    @Override
    public void close() {
        if (text != null) {
            text.close();
        }
        super.close();
    }
}
