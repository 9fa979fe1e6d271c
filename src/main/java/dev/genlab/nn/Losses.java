package dev.genlab.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/** Loss terms, each summed over the dimensions of one sample, shape (B). */
public final class Losses {

    private Losses() {}

    /**
     * Bernoulli negative log-likelihood of targets in [0, 1] given logits, summed per sample:
     * softplus(l) − x·l, the numerically stable form of binary cross-entropy.
     */
    public static NDArray bernoulliNll(NDArray logits, NDArray target) { // (B, ...) -> (B)
        NDArray perPixel = Activation.softPlus(logits).sub(target.mul(logits));
        return perPixel.reshape(perPixel.getShape().get(0), -1).sum(new int[] {1});
    }

    /** KL(N(μ, e^logvar) ‖ N(0, I)) per sample: −½ Σ (1 + logvar − μ² − e^logvar). */
    public static NDArray gaussianKl(NDArray mean, NDArray logVar) { // (B, D) -> (B)
        NDArray t = logVar.add(1f).sub(mean.square()).sub(logVar.exp());
        return Tensors.scale(t.sum(new int[] {1}), -0.5);
    }

    /** Squared error per sample. */
    public static NDArray squaredError(NDArray a, NDArray b) { // (B, ...) -> (B)
        NDArray d = a.sub(b).square();
        return d.reshape(d.getShape().get(0), -1).sum(new int[] {1});
    }
}
