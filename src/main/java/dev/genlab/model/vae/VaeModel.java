package dev.genlab.model.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.genlab.core.SeededRandom;
import dev.genlab.data.Image;
import dev.genlab.data.ImageDataset;
import dev.genlab.model.GenerationRequest;
import dev.genlab.model.NetworkModel;
import dev.genlab.model.Interpolator;
import dev.genlab.model.Latents;
import dev.genlab.model.Reconstructor;
import dev.genlab.model.Sample;
import dev.genlab.modelstore.ModelDirectory;
import java.util.ArrayList;
import java.util.List;

/**
 * A trained VAE ready for use: sampling from the prior, reconstruction (encode → decode) and latent
 * interpolation. Inference runs with gradients off and uses the posterior mean when encoding, so every
 * operation is deterministic.
 */
public final class VaeModel extends NetworkModel<VaeNetwork> implements Reconstructor, Interpolator {


    VaeModel(ModelDirectory dir, VaeNetwork net, NDManager manager) {
        super(dir, net, manager);
    }

    /** Loads a model folder written by {@code genlab train vae}. */
    public static VaeModel load(ModelDirectory dir, NDManager parent) {
        var m = dir.manifest();
        VaeConfig config = VaeConfig.fromJson(m.image(), m.classList(), m.network());
        return load(dir, parent, p -> new VaeNetwork(config, p), VaeModel::new);
    }

    public VaeConfig config() {
        return net.config();
    }

    @Override
    public List<String> classNames() {
        return net.config().classes();
    }

    /** The latent of a seed: z ~ N(0, T²·I), from the seed's own stream. */
    public float[] latent(long seed, double temperature) {
        return Latents.gaussian(seed, net.config().latentDim(), temperature);
    }

    /** The class a conditional model uses for {@code seed} when none was asked for. */
    public int classForSeed(long seed) {
        return Latents.classForSeed(seed, net.config().numClasses());
    }

    @Override
    public List<Sample> generate(GenerationRequest request) {
        int b = request.seeds().length;
        float[] z = Latents.gaussians(request.seeds(), net.config().latentDim(), request.temperature());
        boolean conditional = net.config().conditional();
        int[] classes = conditional ? Latents.classes(request, net.config().numClasses()) : new int[b];
        List<Image> images = decode(z, classes, null);
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < b; i++) {
            out.add(new Sample(request.seeds()[i], images.get(i), conditional ? classes[i] : null));
        }
        return out;
    }

    /**
     * Decodes latents (B·latent values) to mean images. {@code mixedClasses}, if given, holds soft class
     * weights (B·K) instead of one-hot classes, for interpolating between classes.
     */
    List<Image> decode(float[] z, int[] classes, float[] mixedClasses) {
        var shape = net.config().image();
        int d = net.config().latentDim();
        int b = z.length / d;
        try (NDManager m = manager.newSubManager()) {
            NDArray zArr = m.create(z, new Shape(b, d));
            NDArray cond = mixedClasses != null
                    ? m.create(mixedClasses, new Shape(b, net.config().numClasses()))
                    : net.oneHot(m, classes);
            NDArray mean = Activation.sigmoid(net.decodeLogits(zArr, cond)); // (B, C, H, W)
            return Latents.toImages(mean.toFloatArray(), b, shape);
        }
    }

    /**
     * Encodes and decodes images (posterior mean, no sampling). For a conditional model without a given
     * class, each image's class is the one with the best ELBO — the model's own guess.
     */
    @Override
    public List<Reconstruction> reconstruct(List<Image> inputs, Integer classIndex) {
        var shape = net.config().image();
        float[] flat = Reconstructor.stack(inputs, shape);
        int b = inputs.size();
        int[] classes = new int[b];
        boolean inferred = net.config().conditional() && classIndex == null;
        if (net.config().conditional()) {
            classes = inferred ? bestClasses(flat, b) : filled(b, classIndex);
        }
        List<Image> outputs;
        try (NDManager m = manager.newSubManager()) {
            NDArray x = m.create(flat, new Shape(b, shape.channels(), shape.height(), shape.width()));
            NDArray oneHot = net.oneHot(m, classes);
            NDArray mean = net.encode(x, oneHot).mean();
            NDArray out = Activation.sigmoid(net.decodeLogits(mean, oneHot));
            outputs = Latents.toImages(out.toFloatArray(), b, shape);
        }
        List<Reconstruction> result = new ArrayList<>();
        for (int i = 0; i < b; i++) {
            double mse = Reconstructor.mse(inputs.get(i), outputs.get(i));
            result.add(new Reconstruction(inputs.get(i), outputs.get(i),
                    net.config().conditional() ? classes[i] : null, inferred, mse, Reconstructor.psnr(mse)));
        }
        return result;
    }

    private static int[] filled(int b, int value) {
        int[] a = new int[b];
        java.util.Arrays.fill(a, value);
        return a;
    }

    /** For each image, the class whose deterministic ELBO (z at the posterior mean) is highest. */
    private int[] bestClasses(float[] flat, int b) {
        var shape = net.config().image();
        int k = net.config().numClasses();
        float[][] negElbo = new float[k][];
        try (NDManager m = manager.newSubManager()) {
            NDArray x = m.create(flat, new Shape(b, shape.channels(), shape.height(), shape.width()));
            for (int c = 0; c < k; c++) {
                NDArray oneHot = net.oneHot(m, filled(b, c));
                VaeNetwork.Posterior q = net.encode(x, oneHot);
                NDArray logits = net.decodeLogits(q.mean(), oneHot);
                negElbo[c] = dev.genlab.nn.Losses.bernoulliNll(logits, x)
                        .add(dev.genlab.nn.Losses.gaussianKl(q.mean(), q.logVar())).toFloatArray();
            }
        }
        int[] best = new int[b];
        for (int i = 0; i < b; i++) {
            for (int c = 1; c < k; c++) {
                if (negElbo[c][i] < negElbo[best[i]][i]) {
                    best[i] = c;
                }
            }
        }
        return best;
    }

    /**
     * Frames from seed A's latent to seed B's along the great circle. For a conditional model the class
     * weights move linearly from A's class to B's.
     */
    @Override
    public List<Image> interpolate(long seedA, long seedB, int frames, Integer classA, Integer classB,
            double temperature) {
        float[] z = Latents.walk(latent(seedA, temperature), latent(seedB, temperature), frames);
        if (!net.config().conditional()) {
            return decode(z, new int[frames], null);
        }
        int ca = classA != null ? classA : classForSeed(seedA);
        int cb = classB != null ? classB : classForSeed(seedB);
        return decode(z, null, Latents.classWalk(ca, cb, net.config().numClasses(), frames));
    }

    /** Negative ELBO and its parts on a dataset, in nats per image, with a fixed noise stream. */
    public record Evaluation(double negElbo, double recon, double kl, double psnr, int images) {}

    public Evaluation evaluate(ImageDataset data, int batchSize) {
        VaeObjective objective = new VaeObjective(net);
        var shape = net.config().image();
        double[] sums = new double[3]; // reconstruction NLL, KL, squared error
        int n = data.size();
        data.forEachBatch(n, batchSize, batch -> {
            try (NDManager m = manager.newSubManager()) {
                NDArray x = m.create(batch.pixels(), new Shape(batch.size(), shape.channels(), shape.height(),
                        shape.width()));
                int[] labels = net.config().conditional() ? batch.labels() : new int[batch.size()];
                VaeObjective.Terms t = objective.terms(x, labels, SeededRandom.derive(0xE7A1L, batch.from()));
                sums[0] += t.recon().sum().getFloat();
                sums[1] += t.kl().sum().getFloat();
                NDArray oneHot = net.oneHot(m, labels);
                NDArray out = Activation.sigmoid(net.decodeLogits(net.encode(x, oneHot).mean(), oneHot));
                sums[2] += out.sub(x).square().sum().getFloat();
            }
        });
        double recon = sums[0];
        double kl = sums[1];
        double sqErr = sums[2];
        double mse = sqErr / ((double) n * data.imageSize());
        return new Evaluation((recon + kl) / n, recon / n, kl / n, Reconstructor.psnr(mse), n);
    }
}
