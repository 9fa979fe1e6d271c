package dev.genlab.model.sd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
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

/**
 * A Stable Diffusion 1.x checkpoint the user added. Today it runs the checkpoint's VAE: images are encoded
 * to the posterior mean and decoded, at their own size (a multiple of 8), as in the study's VAE experiment.
 * Text-to-image needs the UNet, which genlab does not run yet.
 */
public final class SdModel extends NetworkModel<SdVae> implements Reconstructor, TimedWork, PhaseTimed {

    /** Build the text encoder and the UNet from the checkpoint when they are first needed. */
    record Loaders(java.util.function.Function<NDManager, ClipTextModel> text,
            java.util.function.Function<NDManager, SdUNet> unet) {}

    private final Loaders loaders;
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

    private int benchSize() {
        return BENCH_LATENT * net.config().downscale();
    }
    static final String BENCH_TEXT = "a photograph of a face";

    /**
     * @param benchPrompt token ids bench encodes (the 77 ids of {@link #BENCH_TEXT}, or fixed ids without a
     *                    vocabulary), and {@code benchPromptNote} says which
     */
    SdModel(ModelDirectory dir, SdVae vae, NDManager manager,
            Loaders loaders, long[] benchPrompt, String benchPromptNote) {
        super(dir, vae, manager);
        this.loaders = loaders;
        this.benchPrompt = benchPrompt;
        this.benchPromptNote = benchPromptNote;
    }

    @Override
    public String unit() {
        return "text encoding of one prompt (" + benchPromptNote + ") and a " + benchSize() + "x" + benchSize()
                + " image encoded and decoded by the VAE";
    }

    @Override
    public void work(long seed) {
        timed("text encoding", () -> encodeText(new long[][] {benchPrompt}, 1));
        int size = benchSize();
        Image image = smoothImage(seed, size);
        try (NDManager m = manager.newSubManager()) {
            NDArray x = m.create(image.pixels(), new Shape(1, 3, size, size)).mul(2f).sub(1f);
            NDArray[] z = new NDArray[1];
            timed("VAE encoding", () -> z[0] = net.encodeMean(x));
            timed("VAE decoding", () -> net.decode(z[0]).toFloatArray());
        }
    }

    private void timed(String phase, Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        phases.merge(phase, System.nanoTime() - t0, Long::sum);
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
        if (text == null) {
            text = loaders.text().apply(manager);
        }
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

    @Override
    public List<Sample> generate(GenerationRequest request) {
        throw new GenlabException("not supported yet: text-to-image with " + dir.name() + " needs Stable "
                + "Diffusion's UNet, which genlab does not run yet; `genlab reconstruct " + dir.name()
                + " IMAGE` runs its VAE");
    }

    @Override
    public String qualityNotApplicable() {
        boolean random = dir.manifest().linked().kind().contains("random weights");
        return (random ? "random weights: timing only. " : "") + "Stable Diffusion's UNet is not run yet, so no images "
                + "are generated; timed: " + unit();
    }

    @Override
    public ImageShape inputShape(int width, int height, ImageShape modelShape) {
        int f = net.config().downscale();
        return new ImageShape(net.config().imageChannels(), Math.max(f, height / f * f), Math.max(f, width / f * f));
    }

    @Override
    public List<Reconstruction> reconstruct(List<Image> inputs, Integer classIndex) {
        List<Reconstruction> out = new ArrayList<>();
        for (Image input : inputs) {
            Image output = roundTrip(input);
            double mse = Reconstructor.mse(input, output);
            out.add(new Reconstruction(input, output, null, false, mse, Reconstructor.psnr(mse)));
        }
        return out;
    }

    /** Image in [0, 1] → posterior mean → decoded image in [0, 1]. */
    Image roundTrip(Image input) {
        int f = net.config().downscale();
        if (input.height() % f != 0 || input.width() % f != 0) {
            throw new GenlabException("the VAE needs height and width divisible by " + f + ", got " + input.width()
                    + "x" + input.height());
        }
        try (NDManager m = manager.newSubManager()) {
            NDArray x = m.create(input.pixels(), new Shape(1, input.channels(), input.height(), input.width()))
                    .mul(2f).sub(1f);
            float[] y = net.decode(net.encodeMean(x)).add(1f).mul(0.5f).toFloatArray();
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
