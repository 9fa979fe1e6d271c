package dev.genlab.model.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.genlab.core.SeededRandom;
import dev.genlab.data.ImageDataset;
import dev.genlab.model.GenerationRequest;
import dev.genlab.model.NetworkModel;
import dev.genlab.model.Latents;
import dev.genlab.model.Sample;
import dev.genlab.modelstore.ModelDirectory;
import java.util.ArrayList;
import java.util.List;

/**
 * A trained flow: an image is the inverse of a Gaussian latent (scaled by the temperature, which Glow
 * uses below 1 for cleaner samples); the likelihood of images is exact.
 */
public final class FlowModel extends NetworkModel<FlowNetwork> {


    FlowModel(ModelDirectory dir, FlowNetwork net, NDManager manager) {
        super(dir, net, manager);
    }

    public static FlowModel load(ModelDirectory dir, NDManager parent) {
        FlowConfig config = FlowConfig.fromJson(dir.manifest().image(), dir.manifest().network());
        return load(dir, parent, p -> new FlowNetwork(config, p), FlowModel::new);
    }

    @Override
    public List<String> classNames() {
        return List.of();
    }

    @Override
    public List<Sample> generate(GenerationRequest request) {
        int b = request.seeds().length;
        var shape = net.config().image();
        float[] z = Latents.gaussians(request.seeds(), net.config().dims(), request.temperature());
        try (NDManager m = manager.newSubManager()) {
            var images = Latents.toImages(net.pixels(net.latents(m, z, b)).toFloatArray(), b, shape);
            List<Sample> out = new ArrayList<>(b);
            for (int i = 0; i < b; i++) {
                out.add(new Sample(request.seeds()[i], images.get(i), null));
            }
            return out;
        }
    }

    /** Latents of images (for the round-trip test): pixels in [0, 1] → the flattened latents per image. */
    float[] encode(float[] pixels, int b) {
        var shape = net.config().image();
        try (NDManager m = manager.newSubManager()) {
            NDArray x = m.create(pixels, new Shape(b, shape.channels(), shape.height(), shape.width()));
            NDArray s = dev.genlab.nn.Tensors.scale(x, 1 - 2 * FlowNetwork.ALPHA).add((float) FlowNetwork.ALPHA);
            var e = net.encode(s.log().sub(s.neg().add(1f).log()));
            float[] out = new float[b * net.config().dims()];
            int offset = 0;
            for (NDArray z : e.latents()) {
                int n = Math.toIntExact(z.getShape().size() / b);
                float[] v = z.toFloatArray();
                for (int i = 0; i < b; i++) {
                    System.arraycopy(v, i * n, out, i * net.config().dims() + offset, n);
                }
                offset += n;
            }
            return out;
        }
    }

    /** Pixels from flattened latents (the inverse of {@link #encode}). */
    float[] decode(float[] latents, int b) {
        try (NDManager m = manager.newSubManager()) {
            return net.pixels(net.latents(m, latents, b)).toFloatArray();
        }
    }

    /**
     * Negative log-likelihood of the first {@code n} images in bits per dimension, each dequantised once with
     * noise from {@code seed} (an upper bound on the discrete NLL, as published flow results report it).
     */
    public double bitsPerDim(ImageDataset data, int n, int batch, long seed) {
        double[] total = new double[1];
        SeededRandom noise = SeededRandom.derive(seed, 0xF10L);
        data.forEachBatch(n, batch, b -> {
            try (NDManager m = manager.newSubManager()) {
                float[] px = FlowObjective.dequantise(b.pixels(), noise);
                NDArray x = m.create(px, new Shape(b.size(), data.channels(), data.height(), data.width()));
                total[0] += net.nll(x).sum().getFloat();
            }
        });
        return net.bitsPerDim(total[0] / Math.min(n, data.size()));
    }
}
