package dev.genlab.model.stylegan2ada;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.genlab.core.NumpyRandom;
import dev.genlab.core.UsageException;
import dev.genlab.data.Image;
import dev.genlab.model.GenerationRequest;
import dev.genlab.model.StyleInterpolator;
import dev.genlab.model.Latents;
import dev.genlab.model.NetworkModel;
import dev.genlab.model.Projector;
import dev.genlab.model.Sample;
import dev.genlab.model.StyleSettings;
import dev.genlab.modelstore.ImageShape;
import dev.genlab.modelstore.ModelDirectory;
import dev.genlab.nn.NativeHeap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A StyleGAN2-ADA network the user brought, as a {@link dev.genlab.model.Generator}. Settings (recorded in each
 * PNG): {@code truncation} ψ, {@code noise} const (the default, as NVIDIA's generate.py) | random | none,
 * {@code mix_seed}/{@code mix_layer} (style mixing: layers from K on take the w of a second seed) and
 * {@code rng} genlab | numpy (z as {@code np.random.RandomState(seed).randn(1, z_dim)}: the latents of NVIDIA's
 * scripts and published seed lists).
 */
public final class Sg2Model extends NetworkModel<Sg2Generator> implements StyleInterpolator, Projector {

    static final String TRUNCATION = StyleSettings.TRUNCATION;
    static final String NOISE = StyleSettings.NOISE;
    static final String MIX_SEED = StyleSettings.MIX_SEED;
    static final String MIX_LAYER = StyleSettings.MIX_LAYER;
    static final String RNG = "rng";
    static final String PROJECTED_W = "projected_w";

    Sg2Model(ModelDirectory dir, Sg2Generator net, NDManager manager) {
        super(dir, net, manager);
    }

    Sg2Config config() {
        return net.config();
    }

    @Override
    public List<String> classNames() {
        return IntStream.range(0, net.config().cDim()).mapToObj(Integer::toString).toList();
    }

    @Override
    public Map<String, String> resolveOptions(Map<String, String> given) {
        // a resolved request (re-resolved when rendered) carries the projected w's recorded SHA-256 too
        Map<String, String> out = StyleSettings.resolve(given, net.config().numWs(), "const", List.of(RNG,
                PROJECTED_W, dev.genlab.model.TextToImageArgs.hashKey(PROJECTED_W)), name());
        if (given.containsKey(PROJECTED_W)) {
            // truncation 1 (the default, which callers may pass) leaves w as it is
            boolean truncated = Double.parseDouble(out.get(TRUNCATION)) != 1;
            if (truncated || given.containsKey(MIX_SEED)) {
                throw new UsageException("--" + (truncated ? TRUNCATION : MIX_SEED).replace('_', '-') + " does not "
                        + "apply to --projected-w, whose file fixes every layer's w: leave one of them out");
            }
            java.nio.file.Path file = java.nio.file.Path.of(given.get(PROJECTED_W)).toAbsolutePath().normalize();
            projectedWs(file);
            // with its SHA-256, so that --from refuses a file changed since (as for an init image)
            dev.genlab.model.TextToImageArgs.putImage(out, PROJECTED_W, file);
        }
        String rng = given.getOrDefault(RNG, "genlab").trim().toLowerCase(Locale.ROOT);
        if (!rng.equals("genlab") && !rng.equals("numpy")) {
            throw new UsageException("--rng must be genlab or numpy, got '" + given.get(RNG) + "'");
        }
        out.put(RNG, rng);
        return out;
    }

    private String name() {
        return dir == null ? "stylegan2-ada" : dir.name();
    }

    @Override
    public List<Sample> generate(GenerationRequest request) {
        long[] seeds = request.seeds();
        int[] classes = net.config().cDim() > 0 ? Latents.classes(request, net.config().cDim()) : null;
        try (NDManager m = manager.newSubManager()) {
            List<Image> images = toImages(render(m, request));
            List<Sample> out = new ArrayList<>(seeds.length);
            for (int i = 0; i < seeds.length; i++) {
                out.add(new Sample(seeds[i], images.get(i), classes == null ? null : classes[i]));
            }
            return out;
        }
    }

    /**
     * Memory an image's activations take at the network's widest layer, about six arrays of its largest
     * activation: measured 0.7 GB an image at 1024x1024 (peak resident 1.7 GB at batch 1, 3.8 GB at batch 4).
     */
    long bytesPerImage() {
        long largest = net.config().blocks().stream().mapToLong(b -> 4L * b.out() * b.resolution() * b.resolution())
                .max().orElse(0);
        return 6 * largest;
    }

    @Override
    public int largestBatch() {
        // a quarter of the free memory is left to everything else: bench's batch of 27 peaked at 20.7 GB of 24
        long free = dev.genlab.core.MemoryBudget.availableBytes();
        return free <= 0 ? Integer.MAX_VALUE : (int) Math.max(1, Math.min(Integer.MAX_VALUE, (free * 3 / 4
                - (1L << 30)) / bytesPerImage()));
    }

    @Override
    public String qualityNotApplicable() {
        boolean random = dir != null && dir.manifest().linked() != null
                && dir.manifest().linked().kind().contains("random weights");
        return (random ? "random weights: timing only. " : "") + "A StyleGAN2-ADA network trained on its own data "
                + "(not Fashion-MNIST): score its images with `genlab eval --images DIR --real DIR`";
    }

    @Override
    public int projectionSide() {
        return net.config().resolution();
    }

    @Override
    public Projection project(Image target, Settings settings, java.util.function.IntConsumer afterStep) {
        Sg2Config c = net.config();
        if (target.channels() != c.imgChannels() || target.height() != c.resolution()
                || target.width() != c.resolution()) {
            throw new IllegalArgumentException("a target of " + target.width() + "x" + target.height() + "x"
                    + target.channels() + " for a " + c.resolution() + "x" + c.resolution() + " network");
        }
        if (settings.steps() < 1) {
            throw new UsageException("--steps must be at least 1, got " + settings.steps());
        }
        if (c.cDim() > 0 && settings.classIndex() == null) {
            throw new UsageException(name() + " is class-conditional: give the target's class with --class (0 to "
                    + (c.cDim() - 1) + ")");
        }
        return new Sg2Projector(net).project(manager, target, settings, afterStep);
    }

    /**
     * The network's output for a request, (B, C, R, R) about [−1, 1], in {@code m}. A single image keeps its
     * arrays for the next (see {@link NativeHeap}: at 1024×1024 twice as fast, 1.84 GB peak against 2.0); a batch
     * hands them back, since kept arrays of a batch's sizes fragment the heap (a batch of 8 peaked at 9.8 GB kept
     * against 7.2 GB handed back).
     */
    NDArray render(NDManager m, GenerationRequest request) {
        return request.seeds().length == 1 ? renderOutputs(m, request)
                : NativeHeap.returningLargeArrays(() -> renderOutputs(m, request));
    }

    private NDArray renderOutputs(NDManager m, GenerationRequest request) {
        Map<String, String> o = resolveOptions(request.options());
        Sg2Config c = net.config();
        long[] seeds = request.seeds();
        int b = seeds.length;
        dev.genlab.core.MemoryBudget.require(b * bytesPerImage(), "a batch of " + b + " " + c.resolution() + "x"
                + c.resolution() + " images of " + name(), "use a smaller --batch");
        boolean numpy = o.get(RNG).equals("numpy");
        if (numpy) {
            for (long s : seeds) {
                if (s > 0xffffffffL) {
                    throw new UsageException("--rng numpy takes seeds below 2^32 (numpy's RandomState), got " + s);
                }
            }
        }
        int[] classes = c.cDim() > 0 ? Latents.classes(request, c.cDim()) : null;
        double psi = Double.parseDouble(o.get(TRUNCATION));
        var mode = Sg2Generator.NoiseMode.valueOf(o.get(NOISE).toUpperCase(Locale.ROOT));
        NDArray hot = classes == null ? null : m.create(Latents.oneHot(classes, c.cDim()), new Shape(b, c.cDim()));
        if (o.containsKey(PROJECTED_W)) {
            // as NVIDIA's generate.py: an image per w of the file (the seeds choose only random noise), in turn
            float[] file = projectedWs(java.nio.file.Path.of(o.get(PROJECTED_W)));
            int per = c.numWs() * c.wDim();
            float[] ws = new float[b * per];
            for (int i = 0; i < b; i++) {
                System.arraycopy(file, (i % (file.length / per)) * per, ws, i * per, per);
            }
            return net.synthesize(m.create(ws, new Shape(b, c.numWs(), c.wDim())), mode,
                    (layer, r) -> noise(m, seeds, layer, r));
        }
        NDArray ws = net.broadcast(net.mapping().forward(z(m, seeds, numpy, request.temperature()), hot, psi));
        if (o.containsKey(MIX_SEED)) {
            long[] other = new long[b];
            Arrays.fill(other, Long.parseLong(o.get(MIX_SEED)));
            NDArray ws2 = net.broadcast(net.mapping().forward(z(m, other, numpy, request.temperature()), hot, psi));
            int k = Integer.parseInt(o.get(MIX_LAYER));
            ws = k == 0 ? ws2 : ws.get(new NDIndex().addAllDim().addSliceDim(0, k))
                    .concat(ws2.get(new NDIndex().addAllDim().addSliceDim(k, c.numWs())), 1);
        }
        return net.synthesize(ws, mode, (layer, r) -> noise(m, seeds, layer, r));
    }

    /** The ws of a projected_w.npz (genlab project's or NVIDIA's), checked against this network: (N, numWs, wDim). */
    private float[] projectedWs(java.nio.file.Path file) {
        dev.genlab.data.NpyReader.Array w = dev.genlab.data.NpyReader.readNpz(file, "w");
        long[] s = w.shape();
        Sg2Config c = net.config();
        if (s.length != 3 || s[0] < 1 || s[1] != c.numWs() || s[2] != c.wDim()) {
            throw new UsageException(file + " holds w of shape " + Arrays.toString(s) + "; " + name() + " takes (N, "
                    + c.numWs() + ", " + c.wDim() + "): project with this network (genlab project " + name() + " …)");
        }
        return w.values();
    }

    /** The latents of the seeds, (B, zDim): genlab's own Gaussians, or numpy's RandomState's. */
    private NDArray z(NDManager m, long[] seeds, boolean numpy, double temperature) {
        int d = net.config().zDim();
        if (!numpy) {
            return m.create(Latents.gaussians(seeds, d, temperature), new Shape(seeds.length, d));
        }
        float[] z = new float[seeds.length * d];
        for (int i = 0; i < seeds.length; i++) {
            float[] one = new NumpyRandom(seeds[i]).gaussians(d);
            for (int j = 0; j < d; j++) {
                z[i * d + j] = (float) (one[j] * temperature);
            }
        }
        return m.create(z, new Shape(seeds.length, d));
    }

    /** A layer's per-pixel noise, drawn from each image's seed, (B, 1, r, r). */
    private static NDArray noise(NDManager m, long[] seeds, int layer, int r) {
        return m.create(StyleSettings.seededNoise(seeds, layer, r), new Shape(seeds.length, 1, r, r));
    }

    /** The images from [−1, 1] to [0, 1]: what NVIDIA's scripts write as x·127.5 + 128, rounded down. */
    private List<Image> toImages(NDArray img) {
        Sg2Config c = net.config();
        float[] px = img.add(1f).muli(0.5f).clip(0f, 1f).toFloatArray();
        return Latents.toImages(px, (int) img.getShape().get(0), new ImageShape(c.imgChannels(), c.resolution(),
                c.resolution()));
    }

    /**
     * Frames between two seeds with constant noise, so that only the latent moves: through z (a great circle,
     * then the mapping network) or through w (a straight line between the two mapped w's).
     */
    @Override
    public List<Image> interpolate(long seedA, long seedB, int frames, Integer classA, Integer classB,
            double temperature, String space) {
        Sg2Config c = net.config();
        int k = c.cDim();
        List<Image> out = new ArrayList<>();
        try (NDManager m = manager.newSubManager()) {
            StyleSettings.Mapping mapping = (z, hot, n) -> net.mapping().forward(m.create(z, new Shape(n, c.zDim())),
                    hot == null ? null : m.create(hot, new Shape(n, k)), 1).toFloatArray();
            float[] ws = StyleSettings.walk(space, seedA, seedB, frames, classA, classB, temperature, c.zDim(),
                    c.wDim(), k, mapping);
            NDArray w = m.create(ws, new Shape(frames, c.wDim()));
            // a frame at a time: a 1024x1024 network's activations for a whole walk would not fit in memory
            for (int f = 0; f < frames; f++) {
                try (NDManager one = m.newSubManager()) {
                    NDArray wf = w.get(new NDIndex().addSliceDim(f, f + 1));
                    wf.attach(one);
                    out.addAll(toImages(net.synthesize(net.broadcast(wf), Sg2Generator.NoiseMode.CONST, null)));
                }
            }
        }
        return out;
    }
}
