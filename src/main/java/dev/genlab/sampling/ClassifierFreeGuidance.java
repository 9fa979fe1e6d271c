package dev.genlab.sampling;

import ai.djl.ndarray.NDArray;
import dev.genlab.core.UsageException;

/**
 * Classifier-free guidance (Ho &amp; Salimans, 2022): the network runs once on a doubled batch, the
 * unconditional half first, and the two outputs are extrapolated, u + w·(c − u). Guidance rescale
 * (Lin et al., 2024, §3.4) pulls the result's standard deviation back toward the conditional output's,
 * which large w inflates.
 */
public final class ClassifierFreeGuidance {

    private final double scale;
    private final double rescale;

    /**
     * @param scale   w; 1 is the conditional model alone, 0 the unconditional one
     * @param rescale φ in [0, 1]; 0 turns rescaling off
     */
    public ClassifierFreeGuidance(double scale, double rescale) {
        if (!(scale >= 0) || scale > 100) {
            throw new UsageException("--cfg must be between 0 and 100, got " + scale);
        }
        if (!(rescale >= 0 && rescale <= 1)) {
            throw new UsageException("--cfg-rescale must be in [0, 1], got " + rescale);
        }
        this.scale = scale;
        this.rescale = rescale;
    }

    public double scale() {
        return scale;
    }

    /** Whether the unconditional half is needed at all (w = 1 needs only the conditional one). */
    public boolean needsUnconditional() {
        return scale != 1.0;
    }

    /** Doubles a batch: (B, …) → (2B, …), the same rows twice. */
    public static NDArray doubled(NDArray x) {
        return x.concat(x, 0);
    }

    /** Combines the output of a doubled batch, unconditional half first: (2B, …) → (B, …). */
    public NDArray combine(NDArray doubledOutput) {
        long b = doubledOutput.getShape().get(0) / 2;
        NDArray uncond = doubledOutput.get("0:" + b);
        NDArray cond = doubledOutput.get(b + ":");
        return combine(uncond, cond);
    }

    public NDArray combine(NDArray uncond, NDArray cond) {
        NDArray guided = uncond.add(cond.sub(uncond).mul((float) scale));
        if (rescale == 0) {
            return guided;
        }
        NDArray ratio = perImageStd(cond).div(perImageStd(guided).add(1e-12f)); // (B, 1)
        long[] shape = new long[(int) cond.getShape().dimension()];
        java.util.Arrays.fill(shape, 1);
        shape[0] = cond.getShape().get(0);
        NDArray rescaled = guided.mul(ratio.reshape(shape));
        return rescaled.mul((float) rescale).add(guided.mul((float) (1 - rescale)));
    }

    private static NDArray perImageStd(NDArray x) { // (B, ...) -> (B, 1)
        NDArray flat = x.reshape(x.getShape().get(0), -1);
        NDArray centered = flat.sub(flat.mean(new int[] {1}, true));
        return centered.square().mean(new int[] {1}, true).sqrt();
    }
}
