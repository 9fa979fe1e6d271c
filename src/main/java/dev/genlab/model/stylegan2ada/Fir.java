package dev.genlab.model.stylegan2ada;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.genlab.nn.Convolution;
import dev.genlab.nn.Tensors;

/**
 * StyleGAN2's low-pass FIR resampling (upfirdn2d: zero-insertion upsampling, padding, a 2-D filter with a
 * gain), in the two forms the generator uses. The filter is the network's own 4×4 {@code resample_filter}
 * buffer (the normalised outer product of [1, 3, 3, 1] in every released network), applied to each channel
 * alone, as the engine's depthwise convolution.
 */
final class Fir {

    /** upsample2d's four output phases as 3×3 kernels over the input padded by one: (4, 1, 3, 3). */
    private final NDArray phases;
    /** The filter times gain 4, flipped (upfirdn2d convolves where the engine correlates): (1, 1, 4, 4). */
    private final NDArray flipped;

    Fir(NDArray filter) {
        float[] f = filter.toFloatArray();
        // upsample2d pads (2, 1) around the zero-stuffed input, so output 2m + a sees input m + s - 1 through
        // tap 3 + a - 2s of the filter, for window offsets s = 0, 1, 2 (taps outside 0..3 are zero)
        float[] k = new float[4 * 9];
        for (int a = 0; a < 2; a++) {
            for (int d = 0; d < 2; d++) {
                for (int sr = 0; sr < 3; sr++) {
                    for (int sc = 0; sc < 3; sc++) {
                        int tr = 3 + a - 2 * sr;
                        int tc = 3 + d - 2 * sc;
                        if (tr >= 0 && tr < 4 && tc >= 0 && tc < 4) {
                            k[(2 * a + d) * 9 + 3 * sr + sc] = 4 * f[4 * tr + tc];
                        }
                    }
                }
            }
        }
        phases = filter.getManager().create(k, new Shape(4, 1, 3, 3));
        flipped = Tensors.scale(filter, 4).reshape(1, 1, 4, 4).flip(2, 3);
    }

    /** upsample2d: 2× zero-insertion upsampling, padding (2, 1) per axis, the filter with gain 4. */
    NDArray upsample(NDArray x) {
        Shape s = x.getShape();
        long b = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long w = s.get(3);
        try (NDArray kernels = Tensors.local(phases.tile(new long[] {c, 1, 1, 1}), x);
                NDArray p = Convolution.depthwise(x, kernels, new Shape(1, 1));
                NDArray t = p.reshape(b, c, 2, 2, h, w).transpose(0, 1, 4, 2, 5, 3)) {
            return t.reshape(b, c, 2 * h, 2 * w);
        }
    }

    /**
     * The filter with gain 4 over the grid a stride-2 transposed 3×3 convolution made, padded by one per side:
     * the second half of StyleGAN2's upsampling convolution. Given the (2H + 2)-grid whose last row and column
     * are zero (see {@link ModulatedLayer}), the first 2H rows and columns of the result are the layer's output.
     */
    NDArray afterTransposedConv(NDArray x) {
        try (NDArray kernels = Tensors.local(flipped.duplicate(), x).repeat(0, x.getShape().get(1))) {
            return Convolution.depthwise(x, kernels, new Shape(1, 1));
        }
    }
}
