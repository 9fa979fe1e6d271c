package dev.genlab.model.stylegan2ada;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.genlab.nn.Convolution;
import dev.genlab.nn.FlopCounter;
import dev.genlab.nn.Parameters;
import dev.genlab.nn.Tensors;

/**
 * A modulated convolution of StyleGAN2's synthesis network under NVIDIA's parameter names: a SynthesisLayer
 * ({@code affine}, a 3×3 {@code weight}, {@code bias}, {@code noise_const}, {@code noise_strength}; demodulated,
 * leaky ReLU × √2, optionally clamped, optionally upsampling 2×) or a ToRGBLayer (1×1, not demodulated, linear).
 *
 * <p>Computed as NVIDIA's inference computes it: each sample's weight scaled by its style and demodulated, a
 * batch as one grouped convolution (a group per sample), so that neither the input nor the output takes a pass
 * of its own for the modulation. The activation's gain is folded into the weights, bias and noise once
 * (lrelu(a·v) = a·lrelu(v) for a > 0).
 */
final class ModulatedLayer {

    private static final float SQRT2 = (float) Math.sqrt(2);

    private final NDArray affineWeight;
    private final NDArray affineBias;
    /** (out, in, k, k); null for an upsampling layer, which convolves with {@code phaseWeights}. */
    private final NDArray weight;
    /** An upsampling layer's transposed convolution by output phase (see {@link #phases}). */
    private final NDArray phaseWeights;
    /** Σ over the kernel of weight², as (in, out): demodulation coefficients from the styles in one product. */
    private final NDArray weightSquares;
    /** The bias times the activation's gain, (out), and as (1, out, 1, 1). */
    private final NDArray bias;
    private final NDArray biasMap;
    /** The layer's fixed noise map times its strength and the gain (noise_mode 'const'), or null without noise. */
    private final NDArray constNoise;
    /** The noise strength times the gain: what per-image noise maps are scaled by. */
    private final NDArray noiseScale;
    /** lrelu's √2 times the architecture's gain for a SynthesisLayer; 1 for a ToRGB. */
    private final float act;
    private final Fir fir;
    private final boolean demodulate;
    /** The clamp on the activations (conv_clamp times the architecture's gain), or null. */
    private final Double clamp;
    private final int in;
    private final int out;
    private final int kernel;
    final int resolution;

    private ModulatedLayer(Parameters p, String name, int in, int out, int kernel, int wDim, int resolution, Fir fir,
            boolean demodulate, boolean noise, Double clamp, float gain) {
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.resolution = resolution;
        this.fir = fir;
        this.demodulate = demodulate;
        this.clamp = clamp == null ? null : clamp * gain;
        this.act = demodulate ? SQRT2 * gain : 1f;
        // FullyConnectedLayer(w_dim, in, bias_init=1): weight N(0, 1) used times 1/√w_dim; a ToRGB's styles are
        // further scaled by 1/√in (its weight_gain), folded in here once
        double styleGain = demodulate ? 1 : 1 / Math.sqrt(in * kernel * kernel);
        NDArray aw = p.normal(name + ".affine.weight", new Shape(in, wDim), 1.0);
        NDArray ab = p.constant(name + ".affine.bias", new Shape(in), 1f);
        affineWeight = Tensors.scale(aw, styleGain / Math.sqrt(wDim)).transpose().duplicate();
        affineBias = Tensors.scale(ab, styleGain);
        NDArray w = p.normal(name + ".weight", new Shape(out, in, kernel, kernel), 1.0);
        weightSquares = w.square().sum(new int[] {2, 3}).transpose().duplicate();
        weight = fir != null ? null : w;
        phaseWeights = fir != null ? phases(w) : null;
        bias = Tensors.scale(p.constant(name + ".bias", new Shape(out), 0f), act);
        biasMap = bias.reshape(1, out, 1, 1);
        if (noise) {
            NDArray map = p.normal(name + ".noise_const", new Shape(resolution, resolution), 1.0);
            noiseScale = Tensors.scale(p.constant(name + ".noise_strength", new Shape(), 0f), act);
            constNoise = map.mul(noiseScale);
        } else {
            constNoise = null;
            noiseScale = null;
        }
    }

    /**
     * A 3×3 SynthesisLayer; {@code upsampling} with the block's filter when it doubles the resolution;
     * {@code gain} the resnet architecture's √½ on a block's second convolution, else 1.
     */
    static ModulatedLayer conv(Parameters p, String name, int in, int out, int wDim, int resolution, Fir upsampling,
            boolean noise, Double clamp, float gain) {
        return new ModulatedLayer(p, name, in, out, 3, wDim, resolution, upsampling, true, noise, clamp, gain);
    }

    /** A ToRGBLayer: 1×1, no demodulation, linear, clamped like the convolutions. */
    static ModulatedLayer toRgb(Parameters p, String name, int in, int out, int wDim, int resolution, Double clamp) {
        return new ModulatedLayer(p, name, in, out, 1, wDim, resolution, null, false, false, clamp, 1f);
    }

    /**
     * A 3×3 transposed convolution of stride 2 as one convolution with a 2×2 window over the input padded by
     * one, giving the four output phases as four groups of output channels: output 2m + a sees input m + s − 1
     * (window offset s = 0, 1) through tap a + 2 − 2s, so even outputs take taps 2 and 0, odd ones tap 1 at
     * offset 1 (the other window position is zero). 16 multiplications where 9 do, but one large convolution
     * was faster here than four small ones and their interleaving. Weight (4·out, in, 2, 2), phase-major.
     */
    private static NDArray phases(NDArray w) {
        Shape s = w.getShape();
        int out = (int) s.get(0);
        int in = (int) s.get(1);
        float[] v = w.toFloatArray();
        float[] k = new float[4 * out * in * 4];
        for (int a = 0; a < 2; a++) {
            for (int d = 0; d < 2; d++) {
                int phase = 2 * a + d;
                for (int oi = 0; oi < out * in; oi++) {
                    for (int sr = 0; sr < 2; sr++) {
                        for (int sc = 0; sc < 2; sc++) {
                            int tr = a + 2 - 2 * sr;
                            int tc = d + 2 - 2 * sc;
                            if (tr <= 2 && tc <= 2) {
                                k[((phase * out * in) + oi) * 4 + 2 * sr + sc] = v[oi * 9 + 3 * tr + tc];
                            }
                        }
                    }
                }
            }
        }
        return w.getManager().create(k, new Shape(4L * out, in, 2, 2));
    }

    /**
     * x (B·in channels as one image of B groups) through each sample's stride-2 transposed convolution, given as
     * phase weights (B·4·out, in, 2, 2) → (B, out, 2H + 2, 2W + 2), whose last row and column are zero (the
     * transposed convolution itself is 2H + 1 wide). Padding the input by one in the convolution gives the
     * H + 1 window positions each phase needs.
     */
    private NDArray transposedConv(NDArray x, NDArray perSample, long b) {
        long h = x.getShape().get(2) + 1;
        long w = x.getShape().get(3) + 1;
        try (NDArray all = Convolution.grouped(x, perSample, null, new Shape(1, 1), (int) b);
                NDArray t = all.reshape(b, 2, 2, out, h, w).transpose(0, 3, 4, 1, 5, 2)) {
            return t.reshape(b, out, 2 * h, 2 * w);
        }
    }

    boolean hasNoise() {
        return constNoise != null;
    }

    /**
     * @param x     (B, in, H, W)
     * @param w     (B, wDim)
     * @param noise (B, 1, R, R) of per-pixel noise, or null for the layer's constant map ({@code useConst}) or none
     */
    NDArray forward(NDArray x, NDArray w, NDArray noise, boolean useConst) {
        Shape xs = x.getShape();
        long b = xs.get(0);
        NDArray styles = w.matMul(affineWeight).addi(affineBias); // (B, in)
        NDArray perSample = modulatedWeights(styles);
        NDArray input = x.reshape(1, b * in, xs.get(2), xs.get(3));
        NDArray y;
        if (fir != null) {
            try (NDArray t = transposedConv(input, perSample, b); NDArray filtered = fir.afterTransposedConv(t)) {
                long size = 2 * xs.get(2);
                y = filtered.get(new NDIndex().addAllDim(2).addSliceDim(0, size).addSliceDim(0, size));
            }
            y.addi(biasMap);
        } else {
            try (NDArray biases = Tensors.local(bias.tile(b), x)) {
                Shape pad = new Shape(kernel / 2, kernel / 2);
                NDArray flat = Convolution.grouped(input, perSample, biases, pad, (int) b);
                y = flat.reshape(b, out, xs.get(2), xs.get(3));
            }
        }
        perSample.close();
        long outPixels = y.getShape().get(2) * y.getShape().get(3);
        // the transposed convolution's own multiplications (9 an input pixel), not the phase form's 16
        FlopCounter.add(2L * b * in * out * (fir != null ? 9 * outPixels / 4 : (long) kernel * kernel * outPixels)
                + 2L * b * in * w.getShape().get(1));
        if (noise != null && constNoise != null) {
            try (NDArray n = noise.mul(noiseScale)) {
                y.addi(n);
            }
        } else if (useConst && constNoise != null) {
            y.addi(constNoise);
        }
        NDArray a = y;
        if (demodulate) {
            a = Activation.leakyRelu(y, 0.2f);
            y.close();
        }
        // activations rarely reach the clamp, so two reductions usually spare a pass that writes a new array; they
        // read the activation's output, contiguous where an upsampling layer's sum is a slice of the filter's
        return clamp == null || inRange(a, -clamp, clamp) ? a : clipped(a, -clamp, clamp);
    }

    /**
     * The per-sample weights of the batch, (B·rows, in, kh, kw): the layer's times each style, demodulated. Styles
     * and demodulation meet first as one (B, rows, in) factor, so that the weights take a single pass.
     */
    private NDArray modulatedWeights(NDArray styles) {
        long b = styles.getShape().get(0);
        NDArray base = fir != null ? phaseWeights : weight;
        Shape k = base.getShape();
        long rows = k.get(0);
        // a ToRGB is not demodulated and its gain is 1: the styles alone, broadcast over the rows
        NDArray factors = styles.reshape(b, 1, in);
        if (demodulate) {
            // the divisor as libtorch's own scalar: a projection differentiates through it (Tensors.scale)
            try (NDArray d = Tensors.divided(styles.square().matMul(weightSquares).addi(1e-8f).sqrt(), act);
                    NDArray byInput = factors) {
                // an upsampling layer's rows are its outputs four times over (one per phase)
                NDArray perRow = rows == out ? d : d.tile(new long[] {1, rows / out});
                factors = byInput.div(perRow.reshape(b, rows, 1));
            }
        }
        try (NDArray f = factors.reshape(b, factors.getShape().get(1), in, 1, 1)) {
            NDArray wm = f.mul(base); // (B, rows, in, kh, kw)
            factors.close();
            return wm.reshape(b * rows, in, k.get(2), k.get(3));
        }
    }

    private static boolean inRange(NDArray y, double low, double high) {
        return y.max().getFloat() <= high && y.min().getFloat() >= low;
    }

    private static NDArray clipped(NDArray y, double low, double high) {
        NDArray c = y.clip(low, high);
        y.close();
        return c;
    }
}
