package dev.genlab.model.vqvae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.genlab.core.SeededRandom;
import dev.genlab.data.Image;
import dev.genlab.data.ImageDataset;
import dev.genlab.model.GenerationRequest;
import dev.genlab.model.NetworkModel;
import dev.genlab.model.Latents;
import dev.genlab.model.Reconstructor;
import dev.genlab.model.Sample;
import dev.genlab.modelstore.ModelDirectory;
import dev.genlab.nn.Tensors;
import dev.genlab.nn.VectorQuantizer;
import dev.genlab.nn.autoregressive.Categorical;
import dev.genlab.nn.autoregressive.RasterSampler;
import java.util.ArrayList;
import java.util.List;

/**
 * A trained VQ-VAE with its code prior: a sample is a code grid drawn position by position from the prior
 * (logits divided by the temperature), then decoded in one pass. It also reconstructs images through
 * the codebook, which shows what the discrete bottleneck keeps.
 */
public final class VqVaeModel extends NetworkModel<VqVaeNetwork> implements Reconstructor {

    private final CodePrior prior;

    VqVaeModel(ModelDirectory dir, VqVaeNetwork net, CodePrior prior, NDManager manager) {
        super(dir, net, manager);
        this.prior = prior;
    }

    private record Parts(VqVaeNetwork net, CodePrior prior) {}

    public static VqVaeModel load(ModelDirectory dir, NDManager parent) {
        var m = dir.manifest();
        VqVaeConfig config = VqVaeConfig.fromJson(m.image(), m.classList(), m.network());
        return load(dir, parent, p -> new Parts(new VqVaeNetwork(config, p), new CodePrior(config, p)),
                (d, parts, m2) -> new VqVaeModel(d, parts.net(), parts.prior(), m2));
    }

    @Override
    public List<String> classNames() {
        return net.config().classes();
    }

    @Override
    public List<Sample> generate(GenerationRequest request) {
        VqVaeConfig c = net.config();
        int b = request.seeds().length;
        int[] classes = c.conditional() ? Latents.classes(request, c.numClasses()) : null;
        SeededRandom[] rng = new SeededRandom[b];
        for (int i = 0; i < b; i++) {
            rng[i] = SeededRandom.derive(request.seeds()[i], 0x59AL);
        }
        long[] codes = sampleCodes(b, classes, request.temperature(), rng);
        List<Image> images;
        try (NDManager m = manager.newSubManager()) {
            NDArray grid = m.create(codes, new Shape(b, c.gridHeight(), c.gridWidth()));
            images = Latents.toImages(net.decode(net.quantizer().lookup(grid)).toFloatArray(), b, c.image());
        }
        List<Sample> out = new ArrayList<>(b);
        for (int i = 0; i < b; i++) {
            out.add(new Sample(request.seeds()[i], images.get(i), classes == null ? null : classes[i]));
        }
        return out;
    }

    /**
     * Code grids (B·h·w indices), filled in raster order: the prior's vertical stack runs once per row on the
     * rows above, its horizontal stack once per code on its row so far ({@link RasterSampler}).
     */
    private long[] sampleCodes(int b, int[] classes, double temperature, SeededRandom[] rng) {
        VqVaeConfig c = net.config();
        int h = c.gridHeight();
        int w = c.gridWidth();
        int k = c.codes();
        long[] codes = new long[b * h * w];
        Categorical categorical = new Categorical(k);
        try (NDManager sampling = manager.newSubManager()) {
            RasterSampler sampler = prior.sampler(classes == null ? null : Tensors.oneHot(sampling, classes, c.numClasses()));
            sampler.fill(sampling, b, h, w, 0, new RasterSampler.Grid() {
                @Override
                public NDArray input(NDManager m, int fromRow, int toRow, int columns) {
                    int rows = toRow - fromRow;
                    long[] part = new long[b * rows * columns];
                    for (int i = 0; i < b; i++) {
                        for (int r = 0; r < rows; r++) {
                            System.arraycopy(codes, (i * h + fromRow + r) * w, part, (i * rows + r) * columns, columns);
                        }
                    }
                    return prior.input(m.create(part, new Shape(b, rows, columns)));
                }

                @Override
                public void draw(float[] logits, int row, int col) {
                    for (int i = 0; i < b; i++) {
                        codes[(i * h + row) * w + col] = categorical.draw(logits, i * k, temperature, rng[i]);
                    }
                }
            });
        }
        return codes;
    }

    /** Encodes, snaps to the nearest codes and decodes; the class plays no part. */
    @Override
    public List<Reconstruction> reconstruct(List<Image> inputs, Integer classIndex) {
        var shape = net.config().image();
        float[] flat = Reconstructor.stack(inputs, shape);
        int b = inputs.size();
        List<Image> outputs;
        try (NDManager m = manager.newSubManager()) {
            NDArray x = m.create(flat, new Shape(b, shape.channels(), shape.height(), shape.width()));
            outputs = Latents.toImages(reconstruct(x).toFloatArray(), b, shape);
        }
        List<Reconstruction> result = new ArrayList<>(b);
        for (int i = 0; i < b; i++) {
            double mse = Reconstructor.mse(inputs.get(i), outputs.get(i));
            result.add(new Reconstruction(inputs.get(i), outputs.get(i), null, false, mse, Reconstructor.psnr(mse)));
        }
        return result;
    }

    private NDArray reconstruct(NDArray x) {
        return net.decode(net.quantizer().quantise(net.encode(x)).quantised());
    }

    /** Reconstruction PSNR and code use on the first {@code n} images of a dataset. */
    public record Evaluation(double psnr, double perplexity, int codesUsed, int images) {}

    public Evaluation evaluate(ImageDataset data, int n, int batchSize) {
        double[] sqErr = new double[1];
        double[] uses = new double[net.config().codes()];
        var shape = net.config().image();
        data.forEachBatch(n, batchSize, batch -> {
            try (NDManager m = manager.newSubManager()) {
                NDArray x = m.create(batch.pixels(), new Shape(batch.size(), shape.channels(), shape.height(),
                        shape.width()));
                var q = net.quantizer().quantise(net.encode(x));
                sqErr[0] += net.decode(q.quantised()).sub(x).square().sum().getFloat();
                for (long idx : q.indices().toLongArray()) {
                    uses[(int) idx]++;
                }
            }
        });
        int images = Math.min(n, data.size());
        int used = (int) java.util.Arrays.stream(uses).filter(u -> u > 0).count();
        double mse = sqErr[0] / ((double) images * data.imageSize());
        return new Evaluation(Reconstructor.psnr(mse), VectorQuantizer.perplexity(uses), used, images);
    }

    /** The code grids of a dataset's images, as a one-channel dataset of code indices (what the prior learns). */
    public ImageDataset codeGrids(ImageDataset data, int batchSize) {
        VqVaeConfig c = net.config();
        int cells = c.gridHeight() * c.gridWidth();
        float[] grids = new float[data.size() * cells];
        var shape = c.image();
        data.forEachBatch(data.size(), batchSize, batch -> {
            try (NDManager m = manager.newSubManager()) {
                NDArray x = m.create(batch.pixels(), new Shape(batch.size(), shape.channels(), shape.height(),
                        shape.width()));
                long[] idx = net.codesOf(x).toLongArray();
                for (int i = 0; i < idx.length; i++) {
                    grids[batch.from() * cells + i] = idx[i];
                }
            }
        });
        return new ImageDataset(1, c.gridHeight(), c.gridWidth(), grids, data.labels(), data.classNames(),
                data.source() + " (as VQ-VAE code grids)");
    }

    /** Exact negative log-likelihood of the first {@code n} code grids under the prior, in bits per code. */
    public double priorBitsPerCode(ImageDataset grids, int n, int batchSize) {
        VqVaeConfig c = net.config();
        double[] total = new double[1];
        grids.forEachBatch(n, batchSize, batch -> {
            try (NDManager m = manager.newSubManager()) {
                long[] idx = new long[batch.pixels().length];
                for (int i = 0; i < idx.length; i++) {
                    idx[i] = Math.round(batch.pixels()[i]);
                }
                NDArray codes = m.create(idx, new Shape(batch.size(), c.gridHeight(), c.gridWidth()));
                NDArray oneHot = c.conditional() ? Tensors.oneHot(m, batch.labels(), c.numClasses()) : null;
                total[0] += prior.nll(codes, oneHot).sum().getFloat();
            }
        });
        return total[0] / Math.min(n, grids.size()) / (Math.log(2) * PriorObjective.positions(c));
    }
}
