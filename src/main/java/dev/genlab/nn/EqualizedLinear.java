package dev.genlab.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * A fully connected layer with equalised learning rate (Karras et al., 2018): weights stored N(0, 1/lrMul²)
 * and scaled at run time by lrMul/√fan_in, so every layer learns at the same pace under Adam; StyleGAN's
 * mapping network uses lrMul = 0.01. Parameters {@code name.weight} (out, in) and {@code name.bias} (out).
 */
public final class EqualizedLinear implements Layer {

    private final NDArray weight;
    private final NDArray bias;
    private final double weightGain;
    private final double lrMul;

    public EqualizedLinear(Parameters p, String name, int in, int out, double lrMul, float biasInit) {
        weight = p.normal(name + ".weight", new Shape(out, in), 1.0 / lrMul);
        bias = p.constant(name + ".bias", new Shape(out), (float) (biasInit / lrMul));
        this.weightGain = lrMul / Math.sqrt(in);
        this.lrMul = lrMul;
    }

    @Override
    public NDArray forward(NDArray x) { // (B, in) -> (B, out)
        NDArray w = Tensors.local(Tensors.scale(weight, weightGain), x);
        NDArray b = Tensors.local(Tensors.scale(bias, lrMul), x);
        FlopCounter.add(2L * x.getShape().get(0) * weight.getShape().size());
        return ai.djl.nn.core.Linear.linear(x, w, b).singletonOrThrow();
    }
}
