package dev.genlab.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * StyleGAN2's modulated convolution (Karras et al., 2020, "Analyzing and Improving the Image Quality of
 * StyleGAN", §2.2): a per-sample style scales the weight's input channels, and demodulation rescales each
 * output channel to unit expected variance, replacing AdaIN without its droplet artefacts. A batch runs as
 * one grouped convolution (the weight of sample i is group i). Weights are stored N(0, 1) and scaled at
 * run time by 1/√fan_in (equalised learning rate). Parameters: {@code name.weight} (out, in, k, k),
 * {@code name.bias} (out), and the affine map from w to the style, {@code name.affine.weight} (in, wDim)
 * and {@code name.affine.bias} (in, initialised to 1 so training starts from unmodulated convolutions).
 */
public final class ModulatedConv2d {

    private final NDArray weight;
    private final NDArray bias;
    private final NDArray affineWeight;
    private final NDArray affineBias;
    private final int in;
    private final int out;
    private final int kernel;
    private final boolean demodulate;
    private final float weightGain;
    private final float affineGain;

    public ModulatedConv2d(Parameters p, String name, int in, int out, int kernel, int wDim, boolean demodulate) {
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.demodulate = demodulate;
        weight = p.normal(name + ".weight", new Shape(out, in, kernel, kernel), 1.0);
        bias = p.constant(name + ".bias", new Shape(out), 0f);
        affineWeight = p.normal(name + ".affine.weight", new Shape(in, wDim), 1.0);
        affineBias = p.constant(name + ".affine.bias", new Shape(in), 1f);
        weightGain = (float) (1 / Math.sqrt((double) in * kernel * kernel));
        affineGain = (float) (1 / Math.sqrt(wDim));
    }

    /** The style of each sample: an affine map of its w, (B, wDim) → (B, in). */
    public NDArray styles(NDArray w) {
        NDArray scaled = Tensors.local(Tensors.scale(affineWeight, affineGain), w);
        return Tensors.local(ai.djl.nn.core.Linear.linear(w, scaled, affineBias).singletonOrThrow(), w);
    }

    /** x (B, in, H, W) modulated by w (B, wDim) → (B, out, H, W). */
    public NDArray forward(NDArray x, NDArray w) {
        return forwardStyles(x, styles(w));
    }

    /**
     * x (B, in, H, W) modulated by styles (B, in) → (B, out, H, W). Computed as StyleGAN2's non-fused path:
     * scaling the input channels by the style and the output channels by the demodulation factor equals
     * convolving with each sample's modulated weight, but runs as one ordinary convolution (a grouped one
     * with a group per sample was several times slower here, backward pass included).
     */
    public NDArray forwardStyles(NDArray x, NDArray styles) {
        long b = x.getShape().get(0);
        long h = x.getShape().get(2);
        long wd = x.getShape().get(3);
        NDArray wt = Tensors.local(Tensors.scale(weight, weightGain), x); // (out, in, k, k)
        NDArray y = Convolution.same(x.mul(styles.reshape(b, in, 1, 1)), wt, null);
        if (demodulate) {
            // ‖W·s‖ per sample and output channel: Σ_in s_in² Σ_kk W²
            NDArray w2 = wt.square().sum(new int[] {2, 3}); // (out, in)
            NDArray d = styles.square().matMul(w2.transpose()).add(1e-8f).sqrt(); // (B, out)
            y = y.div(d.reshape(b, out, 1, 1));
        }
        FlopCounter.add(2L * b * out * h * wd * in * kernel * kernel);
        return y.add(Tensors.local(bias.reshape(1, out, 1, 1), x));
    }
}
