package dev.genlab.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * A convolution whose kernel is multiplied by a fixed 0/1 mask, so an output sees only some of its inputs
 * (van den Oord et al., 2016, "Pixel Recurrent Neural Networks"): the building block of autoregressive
 * image models. Stride 1, "same" padding; the masked weights still exist (and are saved) but get zero
 * gradient, as in the paper's implementation.
 */
public final class MaskedConv2d implements Layer {

    private final NDArray weight;
    private final NDArray bias;
    private final NDArray mask;
    private final int kh;
    private final int kw;
    private final int dh;
    private final int dw;

    /**
     * @param kernelMask kh·kw values, row-major, 1 where the kernel may see its input
     */
    public MaskedConv2d(Parameters p, String name, int in, int out, int kh, int kw, float[] kernelMask) {
        this(p, name, in, out, kh, kw, kernelMask, 1, 1);
    }

    /**
     * A dilated masked convolution: tap (i, j) of the kernel reads the input at offset (i·dh, j·dw) from the
     * kernel's top-left, so a mask that sees only the rows above (or the pixels to the left) still does, while
     * the layer reaches {@code dh} times further.
     */
    public MaskedConv2d(Parameters p, String name, int in, int out, int kh, int kw, float[] kernelMask, int dh,
            int dw) {
        if (dh < 1 || dw < 1) {
            throw new IllegalArgumentException("dilation must be at least 1, got " + dh + "x" + dw);
        }
        this.dh = dh;
        this.dw = dw;
        if (kh % 2 == 0 || kw % 2 == 0 || kernelMask.length != kh * kw) {
            throw new IllegalArgumentException("odd kernel sizes and a kh·kw mask needed, got " + kh + "x" + kw);
        }
        this.kh = kh;
        this.kw = kw;
        double bound = 1.0 / Math.sqrt(in * count(kernelMask));
        weight = p.uniform(name + ".weight", new Shape(out, in, kh, kw), bound);
        bias = p.uniform(name + ".bias", new Shape(out), bound);
        float[] full = new float[out * in * kh * kw];
        for (int i = 0; i < full.length; i++) {
            full[i] = kernelMask[i % (kh * kw)];
        }
        // lives with the parameters: autograd keeps it for the weight's gradient
        mask = p.manager().create(full, new Shape(out, in, kh, kw));
    }

    /** Rows above and the centre row (all columns): the vertical stack of a gated PixelCNN. */
    public static float[] upToCentreRow(int k) {
        float[] m = new float[k * k];
        for (int i = 0; i < (k / 2 + 1) * k; i++) {
            m[i] = 1;
        }
        return m;
    }

    /** A 1×k row: the left half, with the centre (type B) or without it (type A, the first layer). */
    public static float[] leftOfCentre(int k, boolean includeCentre) {
        float[] m = new float[k];
        for (int i = 0; i < k / 2 + (includeCentre ? 1 : 0); i++) {
            m[i] = 1;
        }
        return m;
    }

    private static int count(float[] m) {
        int n = 0;
        for (float v : m) {
            n += v != 0 ? 1 : 0;
        }
        return Math.max(n, 1);
    }

    @Override
    public NDArray forward(NDArray x) {
        NDArray w = Tensors.local(weight.mul(mask), x);
        FlopCounter.add(2L * x.getShape().get(0) * weight.getShape().size() * x.getShape().get(2) * x.getShape().get(3));
        return Convolution.conv2d(x, w, bias, new Shape(1, 1), new Shape(kh / 2 * dh, kw / 2 * dw),
                new Shape(dh, dw));
    }
}
