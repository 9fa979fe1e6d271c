package dev.genlab.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** Fully connected layer; parameters {@code name.weight} (out, in) and {@code name.bias}, as in PyTorch. */
public final class Linear implements Layer {

    private final NDArray weight;
    private final NDArray bias;

    public Linear(Parameters p, String name, int in, int out) {
        double bound = 1.0 / Math.sqrt(in);
        this.weight = p.uniform(name + ".weight", new Shape(out, in), bound);
        this.bias = p.uniform(name + ".bias", new Shape(out), bound);
    }

    @Override
    public NDArray forward(NDArray x) { // (B, in) -> (B, out)
        FlopCounter.add(2L * x.getShape().get(0) * weight.getShape().size());
        return ai.djl.nn.core.Linear.linear(x, weight, bias).singletonOrThrow();
    }
}
