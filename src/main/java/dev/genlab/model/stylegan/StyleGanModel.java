package dev.genlab.model.stylegan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.genlab.core.SeededRandom;
import dev.genlab.core.UsageException;
import dev.genlab.data.Image;
import dev.genlab.model.GenerationRequest;
import dev.genlab.model.Generator;
import dev.genlab.model.NetworkModel;
import dev.genlab.model.Interpolator;
import dev.genlab.model.Latents;
import dev.genlab.model.Sample;
import dev.genlab.modelstore.ModelDirectory;
import dev.genlab.nn.Tensors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A StyleGAN2-style generator as a {@link Generator}, with its own settings (recorded in each PNG):
 * {@code truncation} ψ in [0, 2], {@code mix_seed}/{@code mix_layer} (layers from K on take their w from a
 * second seed) and {@code noise} random|const|none. Walks between seeds go through z (a great circle, then the
 * mapping network) or through w (a straight line between the two mapped w, as the StyleGAN papers measure
 * path length), with the noise inputs held constant so that only the latent moves.
 */
public final class StyleGanModel extends NetworkModel<StyleGenerator> implements Interpolator {

    public static final String TRUNCATION = "truncation";
    public static final String MIX_SEED = "mix_seed";
    public static final String MIX_LAYER = "mix_layer";
    public static final String NOISE = "noise";


    StyleGanModel(ModelDirectory dir, StyleGenerator net, NDManager manager) {
        super(dir, net, manager);
    }

    public static StyleGanModel load(ModelDirectory dir, NDManager parent) {
        var m = dir.manifest();
        StyleGanConfig config = StyleGanConfig.fromJson(m.image(), m.classList(), m.network());
        return load(dir, parent, p -> new StyleGenerator(config, p), StyleGanModel::new);
    }

    @Override
    public List<String> classNames() {
        return net.config().classes();
    }

    /** Layers that read their own w: what --mix-layer counts. */
    public int layers() {
        return net.config().numWs();
    }

    @Override
    public Map<String, String> resolveOptions(Map<String, String> given) {
        for (String k : given.keySet()) {
            if (!List.of(TRUNCATION, MIX_SEED, MIX_LAYER, NOISE).contains(k)) {
                throw new UsageException("model " + (dir == null ? "stylegan" : dir.name()) + " has no setting '" + k
                        + "'; a StyleGAN takes --truncation, --mix-seed, --mix-layer and --noise");
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        double psi;
        try {
            psi = Double.parseDouble(given.getOrDefault(TRUNCATION, "1").trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--truncation must be a number in [0, 2], got '" + given.get(TRUNCATION) + "'");
        }
        if (!(psi >= 0 && psi <= 2)) {
            throw new UsageException("--truncation must be in [0, 2], got " + given.get(TRUNCATION));
        }
        out.put(TRUNCATION, Double.toString(psi));
        String noise = given.getOrDefault(NOISE, "random").trim().toLowerCase(java.util.Locale.ROOT);
        if (!List.of("random", "const", "none").contains(noise)) {
            throw new UsageException("--noise must be random, const or none, got '" + given.get(NOISE) + "'");
        }
        out.put(NOISE, noise);
        if (given.containsKey(MIX_LAYER) && !given.containsKey(MIX_SEED)) {
            throw new UsageException("--mix-layer needs --mix-seed S2 (the seed whose styles the later layers take)");
        }
        if (given.containsKey(MIX_SEED)) {
            long seed;
            int layer;
            try {
                seed = Long.parseLong(given.get(MIX_SEED).trim());
                layer = Integer.parseInt(given.getOrDefault(MIX_LAYER, Integer.toString(layers() / 2)).trim());
            } catch (NumberFormatException e) {
                throw new UsageException("--mix-seed and --mix-layer must be whole numbers");
            }
            if (seed < 0) {
                throw new UsageException("--mix-seed must be ≥ 0, got " + seed);
            }
            if (layer < 0 || layer >= layers()) {
                throw new UsageException("--mix-layer must be between 0 and " + (layers() - 1) + " (this model has "
                        + layers() + " style layers), got " + layer);
            }
            out.put(MIX_SEED, Long.toString(seed));
            out.put(MIX_LAYER, Integer.toString(layer));
        }
        return out;
    }

    @Override
    public List<Sample> generate(GenerationRequest request) {
        Map<String, String> o = resolveOptions(request.options());
        StyleGanConfig c = net.config();
        long[] seeds = request.seeds();
        int b = seeds.length;
        int[] classes = c.conditional() ? Latents.classes(request, c.classes().size()) : null;
        double psi = Double.parseDouble(o.get(TRUNCATION));
        var mode = SynthesisNetwork.NoiseMode.parse(o.get(NOISE));
        try (NDManager m = manager.newSubManager()) {
            NDArray hot = classes == null ? null
                    : m.create(Latents.oneHot(classes, c.classes().size()), new Shape(b, c.classes().size()));
            NDArray ws = net.broadcast(net.truncate(net.w(
                    m.create(Latents.gaussians(seeds, c.zDim(), request.temperature()), new Shape(b, c.zDim())), hot),
                    psi));
            if (o.containsKey(MIX_SEED)) {
                long[] other = new long[b];
                java.util.Arrays.fill(other, Long.parseLong(o.get(MIX_SEED)));
                NDArray ws2 = net.broadcast(net.truncate(net.w(m.create(
                        Latents.gaussians(other, c.zDim(), request.temperature()), new Shape(b, c.zDim())), hot), psi));
                int k = Integer.parseInt(o.get(MIX_LAYER));
                ws = k == 0 ? ws2 : ws.get(new NDIndex().addAllDim().addSliceDim(0, k))
                        .concat(ws2.get(new NDIndex().addAllDim().addSliceDim(k, c.numWs())), 1);
            }
            var images = toImages(net.images(ws, mode,
                    mode == SynthesisNetwork.NoiseMode.RANDOM ? noise(m, seeds) : null));
            List<Sample> out = new ArrayList<>(b);
            for (int i = 0; i < b; i++) {
                out.add(new Sample(seeds[i], images.get(i), classes == null ? null : classes[i]));
            }
            return out;
        }
    }

    /** The images inside the canvas, from [−1, 1] to [0, 1]. */
    private List<Image> toImages(NDArray canvas) {
        StyleGanConfig c = net.config();
        NDArray crop = Tensors.cropCentred(canvas, c.image().height(), c.image().width());
        float[] px = crop.add(1f).mul(0.5f).clip(0f, 1f).toFloatArray();
        return Latents.toImages(px, (int) canvas.getShape().get(0), c.image());
    }

    @Override
    public List<String> spaces() {
        return List.of("z", "w");
    }

    @Override
    public List<Image> interpolate(long seedA, long seedB, int frames, Integer classA, Integer classB,
            double temperature) {
        return interpolate(seedA, seedB, frames, classA, classB, temperature, "z");
    }

    @Override
    public List<Image> interpolate(long seedA, long seedB, int frames, Integer classA, Integer classB,
            double temperature, String space) {
        if (!spaces().contains(space)) {
            throw new UsageException("--space must be z or w, got '" + space + "'");
        }
        StyleGanConfig c = net.config();
        int k = c.classes().size();
        float[] za = Latents.gaussian(seedA, c.zDim(), temperature);
        float[] zb = Latents.gaussian(seedB, c.zDim(), temperature);
        int ca = !c.conditional() ? 0 : classA != null ? classA : Latents.classForSeed(seedA, k);
        int cb = !c.conditional() ? 0 : classB != null ? classB : Latents.classForSeed(seedB, k);
        try (NDManager m = manager.newSubManager()) {
            NDArray w;
            if (space.equals("z")) {
                NDArray hot = c.conditional() ? m.create(Latents.classWalk(ca, cb, k, frames), new Shape(frames, k))
                        : null;
                w = net.w(m.create(Latents.walk(za, zb, frames), new Shape(frames, c.zDim())), hot);
            } else {
                float[] z = new float[2 * c.zDim()];
                System.arraycopy(za, 0, z, 0, za.length);
                System.arraycopy(zb, 0, z, za.length, zb.length);
                NDArray hot = c.conditional() ? m.create(Latents.oneHot(new int[] {ca, cb}, k), new Shape(2, k)) : null;
                float[] ends = net.w(m.create(z, new Shape(2, c.zDim())), hot).toFloatArray();
                int d = c.wDim();
                float[] line = new float[frames * d];
                for (int f = 0; f < frames; f++) {
                    double t = frames == 1 ? 0 : (double) f / (frames - 1);
                    for (int i = 0; i < d; i++) {
                        line[f * d + i] = (float) ((1 - t) * ends[i] + t * ends[d + i]);
                    }
                }
                w = m.create(line, new Shape(frames, d));
            }
            return toImages(net.images(net.broadcast(w), SynthesisNetwork.NoiseMode.CONST, null));
        }
    }

    /** Per-pixel noise of every conv layer, drawn from each image's seed. */
    private List<NDArray> noise(NDManager m, long[] seeds) {
        return net.synthesis().noiseMaps(m, seeds.length, (layer, r) -> {
            float[] v = new float[seeds.length * r * r];
            for (int i = 0; i < seeds.length; i++) {
                System.arraycopy(SeededRandom.derive(seeds[i], 0x5EEDL, layer).gaussians(r * r), 0, v, i * r * r, r * r);
            }
            return v;
        });
    }
}
