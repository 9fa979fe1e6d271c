package dev.genlab.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/** Small tensor functions the layers share. */
public final class Tensors {

    private Tensors() {}

    /** Moves {@code derived} into the manager of {@code anchor} (results of ops belong to the first operand's). */
    public static NDArray local(NDArray derived, NDArray anchor) {
        derived.attach(anchor.getManager());
        return derived;
    }

    /**
     * {@code use(w)} with {@code w} as float32: {@code w} itself, or, for a weight kept in float16
     * ({@link Parameters#readingKeepingHalf}), a float32 copy freed as soon as {@code use} returns: one layer's
     * copy alive at a time, not a block's (Stable Diffusion's deepest UNet block widens 0.25 GB of weights).
     */
    public static NDArray usingWidened(NDArray w, java.util.function.UnaryOperator<NDArray> use) {
        if (w == null || w.getDataType() != ai.djl.ndarray.types.DataType.FLOAT16) {
            return use.apply(w);
        }
        try (NDArray wide = w.toType(ai.djl.ndarray.types.DataType.FLOAT32, false)) {
            return use.apply(wide);
        }
    }

    /**
     * Runs {@code block} on {@code x} and frees every intermediate it made as soon as it returns, keeping only
     * its result (in {@code x}'s manager). DJL frees arrays when their manager closes, so a network run in one
     * manager holds all its activations to the end: Stable Diffusion's VAE would keep ~20 GB at 512×512.
     * For inference: a gradient needs the intermediates.
     */
    public static NDArray scoped(NDArray x, java.util.function.UnaryOperator<NDArray> block) {
        ai.djl.ndarray.NDManager parent = x.getManager();
        try (ai.djl.ndarray.NDManager scope = parent.newSubManager()) {
            x.tempAttach(scope);
            NDArray y = block.apply(x);
            y.attach(parent);
            return y;
        }
    }

    /**
     * As {@link #scoped}, and {@code x} is freed too: for a chain {@code h = consumed(h, layer)} whose arrays are
     * its own. (Scoped leaves {@code x} to its manager, so such a chain held every step's output to the end: at
     * 512×512 the VAE's decoder kept 1.3 GB of arrays it no longer needed.)
     */
    public static NDArray consumed(NDArray x, java.util.function.UnaryOperator<NDArray> block) {
        NDArray y = scoped(x, block);
        if (y != x) {
            x.close();
        }
        return y;
    }

    /**
     * x·factor. Not DJL's {@code x.mul(float)}: that turns the number into a tensor over a Java direct
     * buffer and closes it at once, while autograd keeps the tensor for the backward pass; after a garbage
     * collection the backward pass reads freed memory (wrong gradients, NaN, irreproducible training).
     * A scalar made by libtorch lives as long as libtorch refers to it. Use this wherever a gradient flows.
     */
    public static NDArray scale(NDArray x, double factor) {
        try (NDArray s = x.getManager().full(new ai.djl.ndarray.types.Shape(), (float) factor, x.getDataType())) {
            return x.mul(s);
        }
    }

    /** x / divisor, with the divisor made by libtorch for the reason {@link #scale} gives. */
    public static NDArray divided(NDArray x, double divisor) {
        try (NDArray s = x.getManager().full(new ai.djl.ndarray.types.Shape(), (float) divisor, x.getDataType())) {
            return x.div(s);
        }
    }

    /** SiLU / swish: x·σ(x). */
    public static NDArray silu(NDArray x) {
        return x.mul(Activation.sigmoid(x));
    }

    /**
     * SiLU computed into {@code x} itself, x·σ(x), with one temporary instead of two new arrays:
     * for inference on large activations, where every fresh allocation's pages must be faulted in (a
     * 128 MiB tensor costs ~0.2 s of page faults on some machines, more than the arithmetic). Never where
     * a gradient flows: {@code x} is overwritten.
     */
    public static NDArray siluInPlace(NDArray x) {
        try (NDArray sigmoid = Activation.sigmoid(x)) {
            return x.muli(sigmoid);
        }
    }

    /** Leaky ReLU with slope {@code alpha} below zero (0.2 in DCGAN's discriminator and StyleGAN). */
    public static NDArray leakyRelu(NDArray x, float alpha) {
        return Activation.leakyRelu(x, alpha);
    }

    /**
     * Pixel-wise feature normalisation (Karras et al., 2018, "Progressive Growing of GANs"): each pixel's
     * feature vector scaled to unit mean square. Unlike batch norm it does not depend on the other images
     * of the batch, so an image is the same whether generated alone or in a batch.
     */
    public static NDArray pixelNorm(NDArray x) { // (B, C, ...) -> same
        return x.div(x.square().mean(new int[] {1}, true).add(1e-8f).sqrt());
    }

    /** Nearest-neighbour 2× upsampling of (B, C, H, W); with a convolution after it, it replaces a transposed conv. */
    /**
     * Nearest-neighbour 2× upsampling with the engine's interpolation kernel: the same values as
     * {@link #upsample2x}, a third faster on large maps (and no intermediate copy).
     */
    public static NDArray upsample2xNearest(NDArray x) {
        return x.getNDArrayInternal().interpolation(new long[] {2 * x.getShape().get(2), 2 * x.getShape().get(3)}, 0,
                false);
    }

    public static NDArray upsample2x(NDArray x) {
        return x.repeat(2, 2).repeat(3, 2);
    }

    /** One-hot rows (B, n) for class indices. */
    public static NDArray oneHot(ai.djl.ndarray.NDManager m, int[] classes, int n) {
        float[] v = new float[classes.length * n];
        for (int i = 0; i < classes.length; i++) {
            v[i * n + classes[i]] = 1f;
        }
        return m.create(v, new ai.djl.ndarray.types.Shape(classes.length, n));
    }

    /**
     * One channel holding the batch's mean standard deviation of h's features (Karras et al., 2018): lets
     * a discriminator see a lack of variety across the batch.
     */
    public static NDArray minibatchStd(NDArray h) { // (B, C, H, W) -> (B, 1, H, W)
        ai.djl.ndarray.types.Shape s = h.getShape();
        NDArray std = h.sub(h.mean(new int[] {0}, true)).square().mean(new int[] {0}).add(1e-8f).sqrt().mean();
        return h.getManager().ones(new ai.djl.ndarray.types.Shape(s.get(0), 1, s.get(2), s.get(3))).mul(std);
    }

    /** (B, C, h, w) centred in a (B, C, size, size) canvas filled with {@code value} (e.g. −1, black in [−1, 1]). */
    public static NDArray padCentred(NDArray x, int size, float value) {
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        long top = (size - h) / 2;
        long left = (size - w) / 2;
        return x.pad(new ai.djl.ndarray.types.Shape(left, size - w - left, top, size - h - top), value);
    }

    /** The centred (B, C, h, w) crop of a (B, C, H, W) canvas: the inverse of {@link #padCentred}. */
    public static NDArray cropCentred(NDArray canvas, int h, int w) {
        long top = (canvas.getShape().get(2) - h) / 2;
        long left = (canvas.getShape().get(3) - w) / 2;
        return canvas.get(new ai.djl.ndarray.index.NDIndex().addAllDim().addAllDim().addSliceDim(top, top + h)
                .addSliceDim(left, left + w));
    }
}
