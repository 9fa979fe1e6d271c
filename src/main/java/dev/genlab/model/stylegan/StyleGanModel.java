package dev.genlab.model.stylegan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.genlab.core.UsageException;
import dev.genlab.data.Image;
import dev.genlab.model.GenerationRequest;
import dev.genlab.model.Generator;
import dev.genlab.model.NetworkModel;
import dev.genlab.model.StyleInterpolator;
import dev.genlab.model.Latents;
import dev.genlab.model.Sample;
import dev.genlab.model.StyleSettings;
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
public final class StyleGanModel extends NetworkModel<StyleGenerator> implements StyleInterpolator {

    public static final String TRUNCATION = StyleSettings.TRUNCATION;
    public static final String MIX_SEED = StyleSettings.MIX_SEED;
    public static final String MIX_LAYER = StyleSettings.MIX_LAYER;
    public static final String NOISE = StyleSettings.NOISE;


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
        return StyleSettings.resolve(given, layers(), "random", List.of(), dir == null ? "stylegan" : dir.name());
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
        requireMemory(b, b * bytesPerItem(this::generatorOnTwo));
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

    /** Mapping and synthesis on two images, for {@link #bytesPerItem}. */
    private void generatorOnTwo(NDManager m) {
        StyleGanConfig c = net.config();
        NDArray hot = c.conditional() ? m.create(Latents.oneHot(new int[2], c.classes().size()),
                new Shape(2, c.classes().size())) : null;
        net.images(net.broadcast(net.w(m.zeros(new Shape(2, c.zDim())), hot)), SynthesisNetwork.NoiseMode.CONST,
                null);
    }

    /** The images inside the canvas, from [−1, 1] to [0, 1]. */
    private List<Image> toImages(NDArray canvas) {
        StyleGanConfig c = net.config();
        NDArray crop = Tensors.cropCentred(canvas, c.image().height(), c.image().width());
        float[] px = crop.add(1f).mul(0.5f).clip(0f, 1f).toFloatArray();
        return Latents.toImages(px, (int) canvas.getShape().get(0), c.image());
    }

    @Override
    public List<Image> interpolate(long seedA, long seedB, int frames, Integer classA, Integer classB,
            double temperature, String space) {
        StyleGanConfig c = net.config();
        int k = c.conditional() ? c.classes().size() : 0;
        try (NDManager m = manager.newSubManager()) {
            float[] ws = StyleSettings.walk(space, seedA, seedB, frames, classA, classB, temperature, c.zDim(),
                    c.wDim(), k, (z, hot, n) -> net.w(m.create(z, new Shape(n, c.zDim())), hot == null ? null
                            : m.create(hot, new Shape(n, k))).toFloatArray());
            NDArray w = m.create(ws, new Shape(frames, c.wDim()));
            return toImages(net.images(net.broadcast(w), SynthesisNetwork.NoiseMode.CONST, null));
        }
    }

    /** Per-pixel noise of every conv layer, drawn from each image's seed. */
    private List<NDArray> noise(NDManager m, long[] seeds) {
        return net.synthesis().noiseMaps(m, seeds.length, (layer, r) -> {
            return StyleSettings.seededNoise(seeds, layer, r);
        });
    }
}
