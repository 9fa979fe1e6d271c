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
        NDArray y = Tensors.usingWidened(weight, w -> Convolution.conv2d(x, w, bias, stride, padding,
                new Shape(1, 1)));
        countFlops(y);
        return y;
    }

    private void countFlops(NDArray y) {
        // multiply-adds: every output element sums in·k·k products
        FlopCounter.add(2L * y.getShape().size() * weight.getShape().size() / weight.getShape().get(0));
    }

    /** The largest band of output rows {@link #forwardInBands} computes at once. */
    static final long BAND_BYTES = 24L << 20;

    /**
     * {@code forward(x)}, or {@code forward(upsample2xNearest(x))} with {@code upscale} 2, computed a band of output
     * rows at a time into one output array, each band from the input rows it needs (upsampled band by band): the
     * same values, bit for bit (each output pixel sums the same products in the same order), while memory holds
     * the output and one band's intermediates instead of the upsampled input and the engine's reordered copies of
     * input and output. A stride-1 convolution that keeps the size; inference only (the bands are written in place).
     */
    public NDArray forwardInBands(NDArray x, int upscale) {
        return forwardInBands(x, upscale, BAND_BYTES);
    }

    NDArray forwardInBands(NDArray x, int upscale, long bandBytes) {
        long pad = padding.get(0);
        if (stride.get(0) != 1 || pad != weight.getShape().get(2) / 2 || (upscale != 1 && upscale != 2)) {
            throw new IllegalArgumentException("bands need a stride-1 convolution that keeps the size, upscale 1 or 2");
        }
        long b = x.getShape().get(0);
        long h = x.getShape().get(2) * upscale;
        long w = x.getShape().get(3) * upscale;
        long channels = weight.getShape().get(0);
        long rows = Math.max(1, bandBytes / (b * channels * w * 4));
        if (rows >= h) {
            return forward(upscale == 2 ? Tensors.upsample2xNearest(x) : x);
        }
        NDArray y = x.getManager().create(new Shape(b, channels, h, w));
        return Tensors.usingWidened(weight, wide -> {
            for (long r0 = 0; r0 < h; r0 += rows) {
                long r1 = Math.min(h, r0 + rows);
                long lo = Math.max(0, r0 - pad);
                long hi = Math.min(h, r1 + pad);
                try (ai.djl.ndarray.NDManager scope = x.getManager().newSubManager()) {
                    x.tempAttach(scope); // what the band makes is freed with the scope
                    // the input rows [lo, hi) of the (upsampled) image, then zeros where the band meets its edge
                    NDArray band = x.get(":, :, " + lo / upscale + ":" + ((hi + upscale - 1) / upscale));
                    if (upscale == 2) {
                        band = Tensors.upsample2xNearest(band).get(":, :, " + (lo % 2) + ":" + (lo % 2 + hi - lo));
                    }
                    long top = pad - (r0 - lo);
                    long bottom = pad - (hi - r1);
                    if (top > 0 || bottom > 0) {
                        band = band.pad(new Shape(0, 0, top, bottom), 0);
                    }
                    NDArray out = Convolution.conv2d(band, wide, bias, stride, new Shape(0, pad), new Shape(1, 1));
                    y.set(new ai.djl.ndarray.index.NDIndex(":, :, " + r0 + ":" + r1), out);
                }
            }
            countFlops(y);
            return y;
        });
    }
}
