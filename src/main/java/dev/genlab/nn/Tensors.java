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

    /** SiLU / swish: x·σ(x). */
    public static NDArray silu(NDArray x) {
        return x.mul(Activation.sigmoid(x));
    }

    /** Nearest-neighbour 2× upsampling of (B, C, H, W); with a convolution after it, it replaces a transposed conv. */
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
}
