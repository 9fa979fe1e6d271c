package dev.genlab.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** 2-D convolution with square kernels; parameters {@code name.weight} (out, in, k, k) and {@code name.bias}. */
public final class Conv2d implements Layer {

    private final NDArray weight;
    private final NDArray bias;
    private final Shape stride;
    private final Shape padding;

    public Conv2d(Parameters p, String name, int in, int out, int kernel, int stride, int padding) {
        this(p, name, in, out, kernel, stride, padding, 1.0 / Math.sqrt((double) in * kernel * kernel));
    }

    /** With weights and biases drawn from ±{@code bound}; 0 makes a layer that starts at zero. */
    public Conv2d(Parameters p, String name, int in, int out, int kernel, int stride, int padding, double bound) {
        this.weight = p.uniform(name + ".weight", new Shape(out, in, kernel, kernel), bound);
        this.bias = p.uniform(name + ".bias", new Shape(out), bound);
        this.stride = new Shape(stride, stride);
        this.padding = new Shape(padding, padding);
    }

    /** A stride-1 convolution that keeps the spatial size (odd kernel). */
    public static Conv2d same(Parameters p, String name, int in, int out, int kernel) {
        return new Conv2d(p, name, in, out, kernel, 1, kernel / 2);
    }

    @Override
    public NDArray forward(NDArray x) { // (B, in, H, W) -> (B, out, H', W')
        NDArray y = Convolution.conv2d(x, Tensors.widened(weight, x), bias, stride, padding, new Shape(1, 1));
        // multiply-adds: every output element sums in·k·k products
        FlopCounter.add(2L * y.getShape().size() * weight.getShape().size() / weight.getShape().get(0));
        return y;
    }
}
