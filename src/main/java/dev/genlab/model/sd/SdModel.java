package dev.genlab.model.sd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.genlab.core.GenlabException;
import dev.genlab.data.Image;
import dev.genlab.model.GenerationRequest;
import dev.genlab.model.Latents;
import dev.genlab.model.NetworkModel;
import dev.genlab.model.PhaseTimed;
import dev.genlab.model.Reconstructor;
import dev.genlab.model.Sample;
import dev.genlab.model.TimedWork;
import dev.genlab.modelstore.ImageShape;
import dev.genlab.modelstore.ModelDirectory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import dev.genlab.model.SamplerSettings;
import dev.genlab.model.Stepwise;
import dev.genlab.nn.NativeHeap;
import dev.genlab.nn.Tensors;
import dev.genlab.sampling.ClassifierFreeGuidance;
import dev.genlab.sampling.DenoisingLoop;
import dev.genlab.sampling.DenoisingRun;
import dev.genlab.sampling.NoiseSchedule;
import dev.genlab.sampling.NoiseSource;
import dev.genlab.sampling.Prediction;
import dev.genlab.sampling.Samplers;
import dev.genlab.sampling.Scheduler;
import dev.genlab.sampling.StepSpacing;
import dev.genlab.text.clip.ClipTokenizer;

/**
 * A Stable Diffusion 1.x checkpoint the user added, and its pipeline: the prompt (and the negative or empty
 * one) through CLIP as AUTOMATIC1111 feeds it, the denoising loop in the VAE's latent space with
 * classifier-free guidance on a doubled batch and any of genlab's samplers on SD's schedule, and the VAE's
 * decoder; image to image starts part-way from the init image's latent, inpainting keeps the latent outside
 * the mask. {@code reconstruct} runs the study's VAE experiment (encode to the posterior mean, decode).
 */
public final class SdModel extends NetworkModel<SdVae> implements Reconstructor, TimedWork, PhaseTimed,
        Stepwise {

    /**
     * Build the text encoder and the UNet from the checkpoint when they are first needed; their shapes are
     * known without loading them.
     */
    record Loaders(java.util.function.Function<NDManager, ClipTextModel> text,
            java.util.function.Function<NDManager, SdUNet> unet, int textLayers, SdUNetConfig unetConfig,
            long unetParameters) {}

    /** CLIP's tokenizer, or why none was found (timing runs without one; prompts need it). */
    record Tokenizer(ClipTokenizer tokenizer, GenlabException missing) {
        static Tokenizer of(ClipTokenizer t) {
            return new Tokenizer(t, null);
        }

        static Tokenizer missing(GenlabException why) {
            return new Tokenizer(null, why);
        }

        ClipTokenizer require() {
            if (tokenizer == null) {
                throw missing;
            }
            return tokenizer;
        }
    }

    /** Stable Diffusion 1.x's training schedule with its released scheduler config's step placement. */
    static final NoiseSchedule SCHEDULE = NoiseSchedule.of(NoiseSchedule.Kind.SCALED_LINEAR, 1000)
            .withSpacing(StepSpacing.SD1);
    /** What the diffusers pipeline the study used does by default: PNDM, 50 steps, guidance 7.5. */
    static final SamplerSettings DEFAULTS = new SamplerSettings("pndm", 50, 7.5, 0, false);
    static final String TEXT = "text encoding";
    static final String DENOISE = "denoising";
    static final String DECODE = "VAE decoding";

    private final Loaders loaders;
    private final Tokenizer tokenizer;
    private ClipTextModel text;
    private SdUNet unet;
    private final long[] benchPrompt;
    private final String benchPromptNote;
    private final Map<String, Long> phases = new LinkedHashMap<>();

    /**
     * What bench times as one unit: a prompt's text encoding and an image through the VAE whose latent is
     * 64×64, as SD 1.x's at 512×512 (a VAE with other downsampling gets the same latent, so the same attention
     * cost in its mid block, rather than an image too large for it).
     */
    static final int BENCH_LATENT = 64;

    static final String BENCH_TEXT = "a photograph of a face";

    private int benchSize() {
        return BENCH_LATENT * net.config().downscale();
    }

    SdModel(ModelDirectory dir, SdVae vae, NDManager manager, Loaders loaders, Tokenizer tokenizer) {
        super(dir, vae, manager);
        this.loaders = loaders;
        this.tokenizer = tokenizer;
        if (tokenizer.tokenizer() != null) {
            benchPrompt = java.util.Arrays.stream(tokenizer.tokenizer().encode(BENCH_TEXT)).asLongStream().toArray();
            benchPromptNote = "'" + BENCH_TEXT + "'";
        } else {
            // timing needs no vocabulary: fixed ids of a short prompt's length, which the report says
            benchPrompt = new long[ClipTokenizer.CONTEXT];
            java.util.Arrays.fill(benchPrompt, 49407);
            long[] words = {49406, 320, 8853, 539, 320, 1710};
            System.arraycopy(words, 0, benchPrompt, 0, words.length);
            benchPromptNote = "fixed token ids: no CLIP vocabulary found";
        }
    }

    @Override
    public String unit() {
        return "text encoding of a prompt (" + benchPromptNote + ") and the empty one, one guided UNet evaluation on "
                + BENCH_LATENT + "x" + BENCH_LATENT + " latents (batch 2, as classifier-free guidance runs it), and a "
                + benchSize() + "x" + benchSize() + " image encoded and decoded by the VAE; a text-to-image with "
                + DEFAULTS.steps() + " PNDM steps takes the text encoding, " + (DEFAULTS.steps() + 1)
                + " UNet evaluations and one decoding";
    }

    static final String UNET_CALL = "UNet evaluation";
    static final String VAE_ENCODE = "VAE encoding";

    @Override
    public void work(long seed) {
        NativeHeap.returningLargeArrays(() -> {
            benchWork(seed);
            return null;
        });
    }

    private void benchWork(long seed) {
        long[] empty = benchPrompt.clone();
        java.util.Arrays.fill(empty, 1, empty.length, empty[empty.length - 1]); // start token, then padding
        try (NDManager m = manager.newSubManager()) {
            NDArray context = timed(TEXT, () -> m.create(encodeText(new long[][] {empty, benchPrompt}, 1),
                    new Shape(2, benchPrompt.length, loaders.unetConfig().contextDim())));
            NDArray latents = NoiseSource.seeded(new long[] {seed, seed}).initial(m,
                    new Shape(2, loaders.unetConfig().inChannels(), BENCH_LATENT, BENCH_LATENT));
            SdUNet u = unet();
            timed(UNET_CALL, () -> Tensors.scoped(latents, x -> u.forward(x, m.create(new float[] {981, 981}),
                    context)).toFloatArray());
            int size = benchSize();
            Image image = smoothImage(seed, size);
            NDArray x = vaeInput(image, m);
            NDArray z = timed(VAE_ENCODE, () -> Tensors.scoped(x, net::encodeMean));
            timed(DECODE, () -> Tensors.scoped(z, net::decode).toFloatArray());
        }
    }

    @Override
    public String qualityNotApplicable() {
        boolean random = dir.manifest().linked().kind().contains("random weights");
        return (random ? "random weights: timing only. " : "") + "Quality is not measured for Stable Diffusion yet "
                + "(its images are not Fashion-MNIST's)";
    }

    @Override
    public Map<String, String> benchGenerationOptions() {
        return resolveOptions(Map.of("prompt", BENCH_TEXT));
    }

    private <T> T timed(String phase, java.util.function.Supplier<T> work) {
        long t0 = System.nanoTime();
        T result = work.get();
        synchronized (phases) {
            phases.merge(phase, System.nanoTime() - t0, Long::sum);
        }
        return result;
    }

    @Override
    public Map<String, Double> phaseSeconds() {
        Map<String, Double> out = new LinkedHashMap<>();
        phases.forEach((k, v) -> out.put(k, v / 1e9));
        return out;
    }

    @Override
    public void resetPhases() {
        phases.clear();
    }

    @Override
    public boolean batchingHelps() {
        return false;
    }

    /** A smooth colour image from a seed: low-frequency waves, like a photograph's content more than noise. */
    static Image smoothImage(long seed, int size) {
        dev.genlab.core.SeededRandom r = new dev.genlab.core.SeededRandom(seed);
        float[] px = new float[3 * size * size];
        for (int c = 0; c < 3; c++) {
            double fx = 1 + 6 * r.nextDouble();
            double fy = 1 + 6 * r.nextDouble();
            double phase = 6.283 * r.nextDouble();
            for (int y = 0; y < size; y++) {
                for (int xx = 0; xx < size; xx++) {
                    px[c * size * size + y * size + xx] = (float) (0.5 + 0.4 * Math.sin(fx * xx / size * 6.283
                            + phase) * Math.cos(fy * y / size * 6.283));
                }
            }
        }
        return new Image(3, size, size, px);
    }

    /**
     * CLIP's embedding of token ids (B, 77): (B, 77, width) floats, as the UNet is conditioned on them.
     *
     * @param clipSkip 1 for the last layer, 2 for the one before (AUTOMATIC1111's "clip skip")
     */
    public float[] encodeText(long[][] ids, int clipSkip) {
        ClipTextModel text = text();
        if (clipSkip < 1 || clipSkip > text.layers()) {
            throw new dev.genlab.core.UsageException("--clip-skip must be between 1 and " + text.layers() + ", got "
                    + clipSkip);
        }
        try (NDManager m = manager.newSubManager()) {
            long[] flat = java.util.Arrays.stream(ids).flatMapToLong(java.util.Arrays::stream).toArray();
            NDArray t = m.create(flat, new Shape(ids.length, ids[0].length));
            return text.encode(t, clipSkip).toFloatArray();
        }
    }

    SdVae vae() {
        return net;
    }

    /** The UNet, loaded on first use. */
    synchronized SdUNet unet() {
        if (unet == null) {
            unet = loaders.unet().apply(manager);
        }
        return unet;
    }

    @Override
    public List<String> classNames() {
        return List.of();
    }

    /** The text encoder, loaded on first use. */
    private synchronized ClipTextModel text() {
        if (text == null) {
            text = loaders.text().apply(manager);
        }
        return text;
    }

    @Override
    public boolean followsPrompts() {
        return true;
    }

    @Override
    public SamplerSettings defaultSampler() {
        return DEFAULTS;
    }

    /** Image sides must be multiples of this: the VAE's downscaling times the UNet's. */
    int sizeMultiple() {
        return net.config().downscale() * loaders.unetConfig().downscale();
    }

    /**
     * Memory the VAE's decoder holds per output pixel at its peak, measured here (peak RSS of `reconstruct` less the
     * loaded model's): 0.6 GB at 512×512, 3.3 GB at 1024×1024, where the mid block's attention over 16,384 positions
     * adds its scores; rounded up.
     */
    static final long DECODE_BYTES_PER_PIXEL = 4_000;

    @Override
    public Map<String, String> resolveOptions(Map<String, String> given) {
        Map<String, String> resolved = SdOptions.resolve(given, dir.name(), sizeMultiple(), loaders.textLayers());
        SdOptions o = SdOptions.of(resolved);
        long need = (long) o.width() * o.height() * DECODE_BYTES_PER_PIXEL + (unet == null ? unetBytes() : 0);
        dev.genlab.core.MemoryBudget.require(need, "a " + o.width() + "x" + o.height() + " image with " + dir.name()
                + (unet == null ? " (its UNet in float32 and the decoder's activations)" : ""),
                "choose a smaller --size or close other programs");
        return resolved;
    }

    /** The UNet's weights in float32, from its shapes. */
    private long unetBytes() {
        return loaders.unetParameters() * 4;
    }

    @Override
    public List<Sample> generate(GenerationRequest request) {
        return generate(request, null);
    }

    @Override
    public List<Sample> generateReporting(GenerationRequest request, java.util.function.IntConsumer afterCall) {
        return generate(request, null, afterCall);
    }

    @Override
    public List<Sample> generate(GenerationRequest request, BiConsumer<Integer, List<Image>> eachCall) {
        return generate(request, eachCall, null);
    }

    /** Each entry point runs with its large arrays returned: a text to image's phases differ in shape. */
    private List<Sample> generate(GenerationRequest request, BiConsumer<Integer, List<Image>> eachCall,
            java.util.function.IntConsumer afterCall) {
        return NativeHeap.returningLargeArrays(() -> generatePhases(request, eachCall, afterCall));
    }

    private List<Sample> generatePhases(GenerationRequest request, BiConsumer<Integer, List<Image>> eachCall,
            java.util.function.IntConsumer afterCall) {
        SdOptions o = SdOptions.of(request.options());
        SamplerSettings s = request.sampler() != null ? request.sampler() : DEFAULTS;
        int b = request.seeds().length;
        try (NDManager m = manager.newSubManager()) {
            List<Image> images;
            if (o.init() != null && DenoisingRun.stepsFromInit(s.steps(), o.strength()) == 0) {
                // strength 0 runs no step: the init image's reconstruction, exactly as `reconstruct` makes it
                Image recon = roundTrip(dev.genlab.data.ImageFiles.read(o.init(), 3, o.height(), o.width()), o.tile());
                images = java.util.Collections.nCopies(b, recon);
            } else {
                NDArray latents = sampleLatents(request, o, s, eachCall, afterCall, m);
                NativeHeap.release(); // the UNet's freed arrays, before the VAE's of other sizes
                images = timed(DECODE, () -> decode(latents, o.tile()));
            }
            List<Sample> out = new ArrayList<>(b);
            for (int i = 0; i < b; i++) {
                out.add(new Sample(request.seeds()[i], images.get(i), null));
            }
            return out;
        }
    }

    /** The denoising loop of a request: the final latents (B, 4, h, w), scaled as the UNet sees them. */
    NDArray sampleLatents(GenerationRequest request, SdOptions o, SamplerSettings s,
            BiConsumer<Integer, List<Image>> eachCall, java.util.function.IntConsumer afterCall, NDManager m) {
        int b = request.seeds().length;
        Scheduler scheduler = Samplers.create(s.sampler(), SCHEDULE, Prediction.EPSILON, s.eta(), s.karras());
        ClassifierFreeGuidance cfg = new ClassifierFreeGuidance(s.cfg(), 0);
        NDArray context = timed(TEXT, () -> context(o, cfg.needsUnconditional(), b, m));
        int f = net.config().downscale();
        NoiseSource noise = o.rng().equals("torch") ? NoiseSource.torch(request.seeds())
                : NoiseSource.seeded(request.seeds());
        NDArray eps = noise.initial(m, new Shape(b, net.config().latentChannels(), o.height() / f, o.width() / f));
        boolean inpaintingModel = loaders.unetConfig().inChannels() == INPAINTING_CHANNELS;
        DenoisingRun run = inpaintingModel ? startInpainting(o, b, m) : start(o, b, m);
        if (run.denoisedSteps(s.steps()) == 0) {
            return run.init(); // strength 0: the init image's latent, untouched
        }
        // an inpainting UNet also sees the mask and the masked image's latent beside the sample
        NDArray extra = inpaintingModel ? inpaintingChannels(o, b, m) : null;
        NDArray extraBoth = extra == null || !cfg.needsUnconditional() ? extra : ClassifierFreeGuidance.doubled(extra);
        SdUNet u = unet();
        DenoisingLoop.Denoiser denoiser = (in, t, call) -> {
            NDArray x = cfg.needsUnconditional() ? ClassifierFreeGuidance.doubled(in) : in;
            if (extraBoth != null) {
                x = x.concat(extraBoth, 1);
            }
            NDArray out = u.forward(x, call.full(new Shape(x.getShape().get(0)), (float) t), context);
            return cfg.needsUnconditional() ? cfg.combine(out) : out;
        };
        DenoisingRun.Preview preview = (i, in, out, t) -> {
            if (eachCall != null) {
                eachCall.accept(i, decode(Prediction.EPSILON.toSample(out, in, SCHEDULE.alphaBar(t)), o.tile()));
            }
            if (afterCall != null) {
                afterCall.accept(i);
            }
        };
        long t0 = System.nanoTime();
        NDArray out = run.run(scheduler, s.steps(), eps, request.temperature(), noise, denoiser, preview, m);
        long took = System.nanoTime() - t0;
        synchronized (phases) {
            phases.merge(DENOISE, took, Long::sum);
            phases.merge(DENOISE_STEP, took / run.denoisedSteps(s.steps()), Long::sum);
        }
        return out;
    }

    /** Bench's rows per sampler and step count read a step's time beside the whole loop's. */
    static final String DENOISE_STEP = "denoising, per step";

    /** Prompts as encoded for the UNet: (1, 77·chunks, width) each, the unconditional one null without guidance. */
    private record EncodedPrompts(PromptKey key, Shape shape, float[] cond, float[] uncond) {}

    private record PromptKey(String prompt, String negative, int clipSkip) {}

    /** The last prompts encoded: further batches of a run (and jobs that repeat them) need no text encoder. */
    private EncodedPrompts lastPrompts;

    /**
     * The UNet's context for a batch of b: (b, 77·k, width), or (2b, …) with the negative (or empty) prompt's
     * rows first when guidance needs the unconditional branch; both padded to the same number of chunks.
     */
    private NDArray context(SdOptions o, boolean unconditional, int b, NDManager m) {
        EncodedPrompts e = encoded(new PromptKey(o.prompt(), unconditional ? o.negativePrompt() : null, o.clipSkip()));
        NDArray cond = m.create(e.cond(), e.shape()).repeat(0, b);
        if (!unconditional) {
            return cond;
        }
        return m.create(e.uncond(), e.shape()).repeat(0, b).concat(cond, 0);
    }

    /**
     * The prompts' embeddings, from the last call when they are the same. CLIP is freed after encoding: its
     * 0.5 GB of float32 weights would otherwise sit idle through the denoising and the VAE's decoding, the
     * largest part of a text to image's memory; a new prompt loads it again (about half a second).
     */
    private synchronized EncodedPrompts encoded(PromptKey key) {
        if (lastPrompts != null && lastPrompts.key().equals(key)) {
            return lastPrompts;
        }
        PromptEncoder encoder = new PromptEncoder(tokenizer.require(), text());
        var prompt = encoder.parse(key.prompt());
        var negative = key.negative() == null ? null : encoder.parse(key.negative());
        int chunks = negative == null ? prompt.size() : Math.max(prompt.size(), negative.size());
        try (NDManager m = manager.newSubManager()) {
            List<NDArray> z = encoder.encode(negative == null ? List.of(prompt) : List.of(prompt, negative),
                    key.clipSkip(), chunks, m);
            lastPrompts = new EncodedPrompts(key, z.get(0).getShape(), z.get(0).toFloatArray(),
                    negative == null ? null : z.get(1).toFloatArray());
        } finally {
            releaseText();
        }
        return lastPrompts;
    }

    /** Whether CLIP's weights are in memory (they are between a prompt's loading and its encoding). */
    synchronized boolean textLoaded() {
        return text != null;
    }

    /** Frees CLIP's weights; {@link #text()} loads them again when a prompt needs them. */
    private synchronized void releaseText() {
        if (text != null) {
            text.close();
            text = null;
        }
    }

    /** UNet input channels of SD 1.x's inpainting checkpoints: the sample's 4, the mask's 1, the masked image's 4. */
    static final int INPAINTING_CHANNELS = 9;

    /**
     * An inpainting checkpoint repaints by itself: the loop starts from noise (or, below strength 1, from the
     * init latent noised part-way), and nothing is put back outside the mask, as diffusers' inpainting pipeline
     * does.
     */
    private DenoisingRun startInpainting(SdOptions o, int b, NDManager m) {
        if (o.init() == null || o.strength() >= 1) {
            return DenoisingRun.fromNoise();
        }
        return new DenoisingRun(initLatent(o, b, m), o.strength(), null);
    }

    /**
     * The inpainting UNet's extra input, (b, 5, h, w): the mask at latent size (1 = repaint; nearest
     * sampling of the pixel mask, as diffusers resizes it) and the latent of the init image with the region
     * to repaint blanked. Without an init image (text to image on an inpainting model), everything is to be
     * painted and the image is blank, as AUTOMATIC1111 does.
     */
    private NDArray inpaintingChannels(SdOptions o, int b, NDManager m) {
        int f = net.config().downscale();
        int h = o.height() / f;
        int w = o.width() / f;
        NDArray image;
        NDArray mask;
        if (o.init() == null) {
            image = m.zeros(new Shape(1, 3, o.height(), o.width()));
            mask = m.ones(new Shape(1, 1, o.height(), o.width()));
        } else {
            image = vaeInput(dev.genlab.data.ImageFiles.read(o.init(), 3, o.height(), o.width()), m);
            mask = o.mask() == null ? m.ones(new Shape(1, 1, o.height(), o.width()))
                    : m.create(dev.genlab.data.ImageFiles.read(o.mask(), 1, o.height(), o.width()).pixels(),
                            new Shape(1, 1, o.height(), o.width())).gte(0.5f)
                            .toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
        }
        NDArray masked = image.mul(mask.lt(0.5f).toType(ai.djl.ndarray.types.DataType.FLOAT32, false));
        NDArray maskedLatent = encodeMean(masked, o.tile()).mul((float) net.config().scaleFactor());
        // nearest sampling to the latent grid: the pixel at the top-left of each cell
        NDArray small = mask.get(":, :, ::" + f + ", ::" + f).reshape(1, 1, h, w);
        return small.concat(maskedLatent, 1).repeat(0, b);
    }

    /** An image in [0, 1] as the VAE takes it: (1, C, H, W) in [−1, 1]. */
    private static NDArray vaeInput(Image image, NDManager m) {
        return m.create(image.pixels(), new Shape(1, image.channels(), image.height(), image.width())).mul(2f).sub(1f);
    }

    /** The init image's latent, scaled as the UNet sees it, repeated for the batch. */
    private NDArray initLatent(SdOptions o, int b, NDManager m) {
        NDArray x = vaeInput(dev.genlab.data.ImageFiles.read(o.init(), 3, o.height(), o.width()), m);
        return encodeMean(x, o.tile()).mul((float) net.config().scaleFactor()).repeat(0, b);
    }

    /** Where the loop starts: noise, or the init image's latent and, inpainting, where it stays. */
    private DenoisingRun start(SdOptions o, int b, NDManager m) {
        if (o.init() == null) {
            return DenoisingRun.fromNoise();
        }
        NDArray keep = o.mask() == null ? null : latentKeep(o, m).repeat(0, b);
        return new DenoisingRun(initLatent(o, b, m), o.strength(), keep);
    }

    /**
     * Where the init latent stays, (1, 1, h, w): 1 for latent cells whose whole patch of the mask is black,
     * 0 where any of it is white (a cell that touches the region to repaint is repainted).
     */
    private NDArray latentKeep(SdOptions o, NDManager m) {
        int f = net.config().downscale();
        float[] px = dev.genlab.data.ImageFiles.read(o.mask(), 1, o.height(), o.width()).pixels();
        NDArray white = m.create(px, new Shape(1, 1, o.height() / f, f, o.width() / f, f)).gt(0.5f)
                .toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
        return white.max(new int[] {5}).max(new int[] {3}).sub(1f).neg();
    }

    /** Latents as the UNet sees them → images in [0, 1], one at a time (the decoder's activations are large). */
    private List<Image> decode(NDArray latents, int tile) {
        List<Image> out = new ArrayList<>();
        long[] shape = latents.getShape().getShape();
        int f = net.config().downscale();
        for (long i = 0; i < shape[0]; i++) {
            NDArray scaled;
            try (NDArray one = latents.get(i + ":" + (i + 1))) {
                scaled = one.div((float) net.config().scaleFactor());
            }
            float[] px = decodeValues(scaled, tile);
            for (int p = 0; p < px.length; p++) {
                px[p] = Math.min(1f, Math.max(0f, (px[p] + 1f) * 0.5f));
            }
            out.add(new Image(3, (int) shape[2] * f, (int) shape[3] * f, px));
        }
        return out;
    }

    /**
     * The VAE's tiles over an image of {@code height × width} pixels for `--tile` {@code tile}, or null when
     * it works on the whole image (no tile size, or a tile as large as the image).
     */
    private VaeTiles tiles(long height, long width, int tile) {
        int f = net.config().downscale();
        VaeTiles t = tile == 0 ? null : VaeTiles.overLatents((int) height / f, (int) width / f, tile, f);
        return t == null || t.single() ? null : t;
    }

    /** The posterior mean of an image (1, C, H, W) in [−1, 1], unscaled; in tiles of {@code tile} pixels. */
    private NDArray encodeMean(NDArray x, int tile) {
        Shape s = x.getShape();
        VaeTiles tiles = tiles(s.get(2), s.get(3), tile);
        if (tiles == null) {
            return net.encodeMean(x);
        }
        int f = net.config().downscale();
        int z = net.config().latentChannels();
        float[] latent = tiles.blend(z, 1, t -> {
            try (NDArray mean = Tensors.consumed(crop(x, t.scaled(f)), net::encodeMean)) {
                return mean.toFloatArray();
            }
        });
        return x.getManager().create(latent, new Shape(1, z, s.get(2) / f, s.get(3) / f));
    }

    /** The part of x (B, C, H, W) under a tile, a view. */
    private static NDArray crop(NDArray x, VaeTiles.Tile t) {
        return x.get(new NDIndex().addAllDim(2).addSliceDim(t.y(), t.y() + t.height()).addSliceDim(t.x(),
                t.x() + t.width()));
    }

    /**
     * Latents (1, z, h, w), unscaled and consumed → the image's values (C, 8h, 8w), unbounded; in tiles of
     * {@code tile} pixels.
     */
    private float[] decodeValues(NDArray z, int tile) {
        int f = net.config().downscale();
        Shape s = z.getShape();
        VaeTiles tiles = tiles(s.get(2) * f, s.get(3) * f, tile);
        if (tiles == null) {
            try (NDArray y = Tensors.consumed(z, net::decode)) {
                return y.toFloatArray();
            }
        }
        float[] out = tiles.blend(net.config().imageChannels(), f, t -> {
            try (NDArray y = Tensors.consumed(crop(z, t), net::decode)) {
                return y.toFloatArray();
            }
        });
        z.close();
        return out;
    }

    @Override
    public ImageShape inputShape(int width, int height, ImageShape modelShape) {
        int f = net.config().downscale();
        return new ImageShape(net.config().imageChannels(), Math.max(f, height / f * f), Math.max(f, width / f * f));
    }

    @Override
    public List<Reconstruction> reconstruct(List<Image> inputs, Integer classIndex) {
        return reconstruct(inputs, classIndex, 0);
    }

    @Override
    public List<Reconstruction> reconstruct(List<Image> inputs, Integer classIndex, int tile) {
        VaeTiles.checked(tile);
        return NativeHeap.returningLargeArrays(() -> {
            List<Reconstruction> out = new ArrayList<>();
            for (Image input : inputs) {
                Image output = roundTrip(input, tile);
                double mse = Reconstructor.mse(input, output);
                out.add(new Reconstruction(input, output, null, false, mse, Reconstructor.psnr(mse)));
            }
            return out;
        });
    }

    /** Image in [0, 1] → posterior mean → decoded image in [0, 1]; in tiles of {@code tile} pixels (0: none). */
    Image roundTrip(Image input, int tile) {
        int f = net.config().downscale();
        if (input.height() % f != 0 || input.width() % f != 0) {
            throw new GenlabException("the VAE needs height and width divisible by " + f + ", got " + input.width()
                    + "x" + input.height());
        }
        try (NDManager m = manager.newSubManager()) {
            NDArray x = vaeInput(input, m);
            float[] y = decodeValues(encodeMean(x, tile), tile);
            for (int i = 0; i < y.length; i++) {
                y[i] = (y[i] + 1f) * 0.5f;
            }
            for (float v : y) {
                if (!Float.isFinite(v)) {
                    throw new GenlabException("the VAE of " + dir.name() + " decoded a non-finite value: its weights "
                            + "are damaged or not a VAE's");
                }
            }
            for (int i = 0; i < y.length; i++) {
                y[i] = Math.min(1f, Math.max(0f, y[i]));
            }
            return Latents.toImages(y, 1, new ImageShape(input.channels(), input.height(),
                    input.width())).get(0);
        }
    }
}
