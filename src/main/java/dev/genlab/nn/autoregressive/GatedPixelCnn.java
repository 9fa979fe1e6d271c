package dev.genlab.nn.autoregressive;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import dev.genlab.nn.Conv2d;
import dev.genlab.nn.Parameters;

/**
 * The gated PixelCNN's stack, independent of what its grid holds: a 7×7 type-A layer, 3×3 type-B layers,
 * then two 1×1 convolutions to {@code levels} logits per position. The logits at a position depend only on
 * the positions before it in raster order (and the class). The pixel model feeds it images; the VQ-VAE's
 * prior feeds it one-hot code grids.
 */
public final class GatedPixelCnn {

    private final GatedLayer[] layers;
    private final Conv2d head1;
    private final Conv2d head2;

    /**
     * @param prefix     parameter names start with it
     * @param in         input channels (1 for grayscale pixels, K for one-hot codes)
     * @param numClasses classes of the conditioning one-hot (0 = unconditional)
     */
    public GatedPixelCnn(Parameters params, String prefix, int in, int channels, int layerCount, int hidden,
            int levels, int numClasses) {
        this(params, prefix, in, channels, layerCount, hidden, levels, numClasses, java.util.List.of(1));
    }

    /**
     * @param dilations dilations of the 3×3 layers after the first, repeated in turn (e.g. 1, 2, 4): a dense
     *                  7-layer stack sees only about 10 rows up, too few for a whole garment; a dilated one
     *                  sees the whole image at the same cost
     */
    public GatedPixelCnn(Parameters params, String prefix, int in, int channels, int layerCount, int hidden,
            int levels, int numClasses, java.util.List<Integer> dilations) {
        layers = new GatedLayer[layerCount];
        for (int i = 0; i < layers.length; i++) {
            layers[i] = new GatedLayer(params, prefix + "layer" + i, i == 0 ? in : channels, channels,
                    i == 0 ? 7 : 3, i == 0, numClasses, i == 0 ? 1 : dilations.get((i - 1) % dilations.size()));
        }
        head1 = Conv2d.same(params, prefix + "head1", channels, hidden, 1);
        head2 = Conv2d.same(params, prefix + "head2", hidden, levels, 1);
    }

    /**
     * @param x      (B, in, H, W); H may be fewer rows than in training (rows below do not matter)
     * @param oneHot (B, K) or null for an unconditional stack
     * @return logits (B, levels, H, W)
     */
    public NDArray logits(NDArray x, NDArray oneHot) {
        NDArray v = x;
        NDArray h = x;
        for (GatedLayer layer : layers) {
            NDList out = layer.forward(v, h, oneHot);
            v = out.get(0);
            h = out.get(1);
        }
        return head(h);
    }

    /**
     * Sampling in raster order at a fraction of {@link #logits}' cost per position.
     *
     * @param oneHot (B, K) or null for an unconditional stack
     */
    public RasterSampler sampler(NDArray oneHot) {
        return new RasterSampler(layers, this::head, oneHot);
    }

    /** The last horizontal features (B, C, H, W) to logits (B, levels, H, W). */
    private NDArray head(NDArray h) {
        return head2.forward(Activation.relu(head1.forward(Activation.relu(h))));
    }
}
