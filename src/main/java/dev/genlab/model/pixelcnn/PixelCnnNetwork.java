package dev.genlab.model.pixelcnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.genlab.nn.Parameters;
import dev.genlab.nn.Tensors;
import dev.genlab.nn.autoregressive.GatedPixelCnn;
import dev.genlab.nn.autoregressive.RasterSampler;

/**
 * The gated PixelCNN: a 7×7 type-A layer, then 3×3 type-B layers, then two 1×1 convolutions to 256
 * logits per pixel, one per 8-bit value. The logits at a pixel depend only on the pixels before it in
 * raster order (and the class).
 */
final class PixelCnnNetwork {

    static final String PREFIX = "pixelcnn.";

    private final PixelCnnConfig config;
    private final Parameters params;
    private final GatedPixelCnn stack;

    PixelCnnNetwork(PixelCnnConfig config, Parameters params) {
        this.config = config;
        this.params = params;
        stack = new GatedPixelCnn(params, PREFIX, config.image().channels(), config.channels(), config.layers(),
                config.hidden(), PixelCnnConfig.LEVELS, config.numClasses(), config.dilations());
    }

    PixelCnnConfig config() {
        return config;
    }

    Parameters parameters() {
        return params;
    }

    /**
     * @param images (B, 1, H, W) in [0, 1]; H may be fewer rows than the model's (rows below do not matter)
     * @param oneHot (B, K) or null for an unconditional model
     * @return logits (B, 256, H, W)
     */
    NDArray forward(NDArray images, NDArray oneHot) {
        return stackLogits(input(images), oneHot);
    }

    /** Images in [0, 1] as the stack reads them, in [−1, 1]. */
    NDArray input(NDArray images) {
        return Tensors.scale(images, 2).sub(1f);
    }

    /** The stack's logits for {@link #input}s, (B, 256, H, W). */
    NDArray stackLogits(NDArray input, NDArray oneHot) {
        return stack.logits(input, oneHot);
    }

    /** Sampling in raster order: feed it {@link #input}s. */
    RasterSampler sampler(NDArray oneHot) {
        return stack.sampler(oneHot);
    }

    /** Class one-hot rows, or null for an unconditional model (labels < 0 give zero rows). */
    NDArray oneHot(NDManager m, int[] labels) {
        if (!config.conditional()) {
            return null;
        }
        int k = config.numClasses();
        float[] v = new float[labels.length * k];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= 0) {
                v[i * k + labels[i]] = 1;
            }
        }
        return m.create(v, new Shape(labels.length, k));
    }

    /** The 8-bit value of each pixel as an index into the logits: (B, 1, H, W) int64. */
    static NDArray targets(NDManager m, float[] pixels, Shape shape) {
        long[] t = new long[pixels.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = dev.genlab.data.Image.toByte(pixels[i]);
        }
        return m.create(t, shape);
    }

    /** Negative log-likelihood per image in nats: −Σ log p(x_i | x_<i), (B). */
    NDArray nll(NDArray images, float[] pixels, NDArray oneHot) {
        NDArray logits = forward(images, oneHot);
        NDArray logp = logits.logSoftmax(1).gather(targets(images.getManager(), pixels, images.getShape()), 1);
        return logp.sum(new int[] {1, 2, 3}).neg();
    }
}
