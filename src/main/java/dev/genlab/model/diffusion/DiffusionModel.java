package dev.genlab.model.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.genlab.data.Image;
import dev.genlab.model.GenerationRequest;
import dev.genlab.model.NetworkModel;
import dev.genlab.model.Latents;
import dev.genlab.model.Sample;
import dev.genlab.model.SamplerSettings;
import dev.genlab.model.Stepwise;
import dev.genlab.modelstore.ModelDirectory;
import dev.genlab.sampling.ClassifierFreeGuidance;
import dev.genlab.sampling.DenoisingLoop;
import dev.genlab.sampling.NoiseSchedule;
import dev.genlab.sampling.NoiseSource;
import dev.genlab.sampling.Prediction;
import dev.genlab.sampling.Samplers;
import dev.genlab.sampling.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * A trained pixel-space diffusion model and its denoising loop: start from each seed's noise, and at
 * each of the sampler's calls run the UNet (on a doubled batch when guidance needs the unconditional
 * output) and let the sampler take the step. Without a requested class the model samples
 * unconditionally, with the null class.
 */
public final class DiffusionModel extends NetworkModel<UNet> implements Stepwise {

    private final NoiseSchedule schedule;

    DiffusionModel(ModelDirectory dir, UNet net, NDManager manager) {
        super(dir, net, manager);
        this.schedule = net.config().noiseSchedule();
    }

    /** Loads a model folder written by {@code genlab train ddpm} (the UNet's weight average). */
    public static DiffusionModel load(ModelDirectory dir, NDManager parent) {
        var m = dir.manifest();
        DiffusionConfig config = DiffusionConfig.fromJson(m.image(), m.classList(), m.network());
        return load(dir, parent, p -> new UNet(config, p), DiffusionModel::new);
    }

    @Override
    public List<String> classNames() {
        return net.config().classes();
    }

    @Override
    public SamplerSettings defaultSampler() {
        return net.config().defaults();
    }

    @Override
    public List<Sample> generate(GenerationRequest request) {
        return generate(request, null);
    }

    @Override
    public List<Sample> generate(GenerationRequest request, BiConsumer<Integer, List<Image>> eachCall) {
        SamplerSettings s = request.sampler() != null ? request.sampler() : defaultSampler();
        DiffusionConfig c = net.config();
        Scheduler scheduler = Samplers.create(s.sampler(), schedule, c.prediction(), s.eta(), s.karras());
        scheduler.setTimesteps(s.steps());
        boolean conditional = c.conditional() && request.classIndex() != null;
        ClassifierFreeGuidance cfg = new ClassifierFreeGuidance(conditional ? s.cfg() : 1.0, 0);
        int b = request.seeds().length;
        var shape = c.image();
        requireMemory(b, (cfg.needsUnconditional() ? 2L : 1L) * b * bytesPerItem(this::unetOnTwo));
        try (NDManager m = manager.newSubManager()) {
            NoiseSource noise = NoiseSource.seeded(request.seeds());
            NDArray x = noise.initial(m, new Shape(b, shape.channels(), shape.height(), shape.width()))
                    .mul((float) (scheduler.initNoiseSigma() * request.temperature()));
            int[] classes = new int[b];
            java.util.Arrays.fill(classes, conditional ? request.classIndex() : c.nullClass());
            NDArray cond = m.create(Latents.oneHot(classes, c.classInputs()), new Shape(b, c.classInputs()));
            NDArray both = null;
            if (cfg.needsUnconditional()) {
                int[] nulls = new int[b];
                java.util.Arrays.fill(nulls, c.nullClass());
                NDArray uncond = m.create(Latents.oneHot(nulls, c.classInputs()), new Shape(b, c.classInputs()));
                both = uncond.concat(cond, 0);
            }
            NDArray classesBoth = both;
            DenoisingLoop.Denoiser denoiser = (in, t, call) -> clipDenoised(classesBoth == null
                    ? net.forward(in, call.full(new Shape(b), (float) t), cond)
                    : cfg.combine(net.forward(ClassifierFreeGuidance.doubled(in), call.full(new Shape(2L * b), (float) t),
                            classesBoth)), in, schedule.alphaBar(t));
            DenoisingLoop.AfterCall preview = eachCall == null ? null : (i, in, out, next, call) -> {
                double t = scheduler.timesteps()[i];
                eachCall.accept(i, toImages(c.prediction().toSample(out, in, schedule.alphaBar(t)), b));
                return next;
            };
            x = DenoisingLoop.run(scheduler, x, 0, noise, denoiser, preview, m);
            List<Image> images = toImages(x, b);
            List<Sample> result = new ArrayList<>(b);
            for (int i = 0; i < b; i++) {
                result.add(new Sample(request.seeds()[i], images.get(i), conditional ? request.classIndex() : null));
            }
            return result;
        }
    }

    /** A UNet call on two items, for {@link #bytesPerItem}: a call keeps its activations to its end. */
    private void unetOnTwo(NDManager m) {
        DiffusionConfig c = net.config();
        int[] nulls = {c.nullClass(), c.nullClass()};
        net.forward(m.zeros(new Shape(2, c.image().channels(), c.image().height(), c.image().width())),
                m.full(new Shape(2), schedule.steps() / 2f),
                m.create(Latents.oneHot(nulls, c.classInputs()), new Shape(2, c.classInputs())));
    }

    /**
     * The network's output with its x₀ estimate clipped to the data's range [−1, 1], for every sampler: what
     * Ho et al. do when sampling and diffusers' clip_sample does for pixel-space models. Without it, the
     * early, poor x₀ estimates of a small model drive deterministic samplers to saturated images.
     */
    private NDArray clipDenoised(NDArray out, NDArray xt, double alphaBar) {
        Prediction p = net.config().prediction();
        return p.fromSample(p.toSample(out, xt, alphaBar).clip(-1f, 1f), xt, alphaBar);
    }

    /** From the model's [−1, 1] back to [0, 1]. */
    private List<Image> toImages(NDArray x, int b) {
        float[] v = x.add(1f).mul(0.5f).clip(0f, 1f).toFloatArray();
        return Latents.toImages(v, b, net.config().image());
    }
}
