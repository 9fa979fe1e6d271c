package dev.genlab.train.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.genlab.nn.Parameters;

/**
 * Adaptive discriminator augmentation's controller (Karras et al., 2020, "Training Generative Adversarial
 * Networks with Limited Data", §3): the overfitting heuristic r_t = E[sign(D(real))] is gathered over a few
 * minibatches; above the target (0.6) the discriminator is too sure of the training images, and the
 * augmentation probability p rises, below it p falls, at a speed that lets p go from 0 to 1 in
 * {@code kimgToFull}·1000 images. p and the running sums live in the parameters, so checkpoints keep them
 * and a resumed run continues exactly.
 */
public final class AdaController {

    static final String PREFIX = "ada.";
    static final double TARGET = 0.6;

    private final NDArray state; // [p, sum of signs, count]
    private final int interval;
    private final double kimgToFull;

    /**
     * @param interval   minibatches between adjustments (4 in the paper)
     * @param kimgToFull thousands of images over which p may go from 0 to 1 (500 in the paper)
     */
    public AdaController(Parameters params, int interval, double kimgToFull) {
        this.state = params.constant(PREFIX + "state", new Shape(3), 0f);
        this.interval = interval;
        this.kimgToFull = kimgToFull;
    }

    public double p() {
        return state.getFloat(0);
    }

    /** Takes the signs of one minibatch's real logits; every {@code interval} calls, adjusts p. */
    public void observe(float[] realLogits) {
        float[] s = state.toFloatArray();
        for (float l : realLogits) {
            s[1] += Math.signum(l);
        }
        s[2] += realLogits.length;
        if (s[2] >= (double) interval * realLogits.length - 0.5) {
            double rt = s[1] / s[2];
            double step = Math.signum(rt - TARGET) * s[2] / (kimgToFull * 1000);
            s[0] = (float) Math.max(0, Math.min(1, s[0] + step));
            s[1] = 0;
            s[2] = 0;
        }
        Parameters.replaceValues(state, s);
    }
}
