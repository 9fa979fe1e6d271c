package dev.genlab.model.latent;

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
import java.util.ArrayList;
import java.util.List;

/**
 * A trained KL autoencoder: reconstruction (encode to the posterior mean, decode) — the study's VAE
 * experiment — and, as a generator, the decoding of Gaussian latents of the data's scale, which is what
 * generating with Stable Diffusion's VAE alone amounts to: it shows why the diffusion model is needed.
 */
public final class AutoencoderModel extends NetworkModel<KlAutoencoder> implements Reconstructor {


    AutoencoderModel(ModelDirectory dir, KlAutoencoder net, NDManager manager) {
        super(dir, net, manager);
    }

    public static AutoencoderModel load(ModelDirectory dir, NDManager parent) {
        var m = dir.manifest();
        AutoencoderConfig config = AutoencoderConfig.fromJson(m.image(), m.network());
        return load(dir, parent, p -> new KlAutoencoder(config, p), AutoencoderModel::new);
    }

    public AutoencoderConfig config() {
        return net.config();
    }

    KlAutoencoder network() {
        return net;
    }

    @Override
    public List<String> classNames() {
        return List.of();
    }

    @Override
    public List<Sample> generate(GenerationRequest request) {
        AutoencoderConfig c = net.config();
        int b = request.seeds().length;
        int s = c.latentSize();
        try (NDManager m = manager.newSubManager()) {
            // latents ~ N(0, 1/scale²): the spread the data's latents have
            float[] z = Latents.gaussians(request.seeds(), c.latentValues(), request.temperature() / c.scaleFactor());
            List<Image> images = toImages(net.decode(m.create(z, new Shape(b, c.latentChannels(), s, s))), b);
            List<Sample> out = new ArrayList<>(b);
            for (int i = 0; i < b; i++) {
                out.add(new Sample(request.seeds()[i], images.get(i), null));
            }
            return out;
        }
    }

    @Override
    public List<Reconstruction> reconstruct(List<Image> inputs, Integer classIndex) {
        try (NDManager m = manager.newSubManager()) {
            NDArray x = m.create(Reconstructor.stack(inputs, net.config().image()), shape(inputs.size()));
            List<Image> outputs = Latents.toImages(net.reconstruct(x).toFloatArray(), inputs.size(), net.config().image());
            List<Reconstruction> out = new ArrayList<>(inputs.size());
            for (int i = 0; i < inputs.size(); i++) {
                double mse = Reconstructor.mse(inputs.get(i), outputs.get(i));
                out.add(new Reconstruction(inputs.get(i), outputs.get(i), null, false, mse, Reconstructor.psnr(mse)));
            }
            return out;
        }
    }

    /** Reconstruction error on the first {@code n} images of a dataset (posterior means decoded). */
    public record Evaluation(double mse, double psnr, int images) {}

    public Evaluation evaluate(ImageDataset data, int n, int batchSize) {
        double[] sqErr = new double[1];
        data.forEachBatch(n, batchSize, batch -> {
            try (NDManager m = manager.newSubManager()) {
                NDArray x = m.create(batch.pixels(), shape(batch.size()));
                sqErr[0] += net.reconstruct(x).sub(x).square().sum().getFloat();
            }
        });
        int images = Math.min(n, data.size());
        double mse = sqErr[0] / ((double) images * data.imageSize());
        return new Evaluation(mse, Reconstructor.psnr(mse), images);
    }

    /**
     * Standard deviation of the latents of the first {@code n} images, draws from each posterior (seeded):
     * its inverse is the scale factor that gives diffusion unit-variance latents, as Rombach et al. set
     * Stable Diffusion's 0.18215.
     */
    public double latentStd(ImageDataset data, int n, int batchSize, long seed) {
        double[] sums = new double[2];
        long[] count = new long[1];
        data.forEachBatch(n, batchSize, batch -> {
            try (NDManager m = manager.newSubManager()) {
                KlAutoencoder.Posterior q = net.encode(net.toCanvas(m.create(batch.pixels(), shape(batch.size()))));
                float[] eps = SeededRandom.derive(seed, batch.from()).gaussians(Math.toIntExact(q.mean().size()));
                for (float v : q.sample(m.create(eps, q.mean().getShape())).toFloatArray()) {
                    sums[0] += v;
                    sums[1] += (double) v * v;
                }
                count[0] += q.mean().size();
            }
        });
        double mean = sums[0] / count[0];
        return Math.sqrt(Math.max(sums[1] / count[0] - mean * mean, 1e-12));
    }

    private Shape shape(int b) {
        var i = net.config().image();
        return new Shape(b, i.channels(), i.height(), i.width());
    }

    private List<Image> toImages(NDArray canvas, int b) {
        return Latents.toImages(net.toImages(canvas).toFloatArray(), b, net.config().image());
    }
}
