package dev.genlab.train;

import dev.genlab.core.GenlabException;

/**
 * A backward pass produced NaN or ±∞ in a gradient; the optimiser refused the step, so the weights (and
 * every checkpoint) are still those of the step before.
 */
public final class NonFiniteGradient extends GenlabException {

    private final String parameter;

    public NonFiniteGradient(String parameter) {
        super("the gradient of " + parameter + " is not finite");
        this.parameter = parameter;
    }

    /** The first parameter (in the network's order) whose gradient held a NaN or an infinity. */
    public String parameter() {
        return parameter;
    }
}
