package dev.genlab.sampling;

import ai.djl.ndarray.NDArray;
import dev.genlab.core.GenlabException;
import java.util.Locale;

/**
 * What a diffusion network predicts from x_t = √ᾱ·x₀ + √(1−ᾱ)·ε: the noise ε, the velocity
 * v = √ᾱ·ε − √(1−ᾱ)·x₀ (Salimans &amp; Ho, 2022), or x₀ itself. Conversions are pure functions of the
 * output, x_t and ᾱ.
 */
public enum Prediction {
    EPSILON, V, SAMPLE;

    public String cliName() {
        return this == EPSILON ? "epsilon" : this == V ? "v" : "sample";
    }

    public static Prediction parse(String s) {
        for (Prediction p : values()) {
            if (p.cliName().equals(s.toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new GenlabException("unknown prediction type '" + s + "'; valid: epsilon, v, sample");
    }

    /** The x₀ implied by a network output. */
    public NDArray toSample(NDArray out, NDArray xt, double alphaBar) {
        float a = (float) Math.sqrt(alphaBar);
        float b = (float) Math.sqrt(1 - alphaBar);
        return switch (this) {
            case EPSILON -> xt.sub(out.mul(b)).div(a);
            case V -> xt.mul(a).sub(out.mul(b));
            case SAMPLE -> out;
        };
    }

    /** The ε implied by a network output. */
    public NDArray toEpsilon(NDArray out, NDArray xt, double alphaBar) {
        float a = (float) Math.sqrt(alphaBar);
        float b = (float) Math.sqrt(1 - alphaBar);
        return switch (this) {
            case EPSILON -> out;
            case V -> xt.mul(b).add(out.mul(a));
            case SAMPLE -> xt.sub(out.mul(a)).div(b);
        };
    }

    /** The output of this type that implies x₀ at x_t: the inverse of {@link #toSample} for fixed x_t. */
    public NDArray fromSample(NDArray x0, NDArray xt, double alphaBar) {
        float a = (float) Math.sqrt(alphaBar);
        float b = (float) Math.sqrt(1 - alphaBar);
        if (this == SAMPLE) {
            return x0;
        }
        NDArray eps = xt.sub(x0.mul(a)).div(b);
        return this == EPSILON ? eps : eps.mul(a).sub(x0.mul(b));
    }

    /**
     * The output a perfect network gives for x₀ and ε: the training target. {@code sqrtAlphaBar} and
     * {@code sqrtOneMinusAlphaBar} broadcast against x₀, e.g. (B, 1, 1, 1) with one noise level per image.
     */
    public NDArray target(NDArray x0, NDArray eps, NDArray sqrtAlphaBar, NDArray sqrtOneMinusAlphaBar) {
        return switch (this) {
            case EPSILON -> eps;
            case V -> eps.mul(sqrtAlphaBar).sub(x0.mul(sqrtOneMinusAlphaBar));
            case SAMPLE -> x0;
        };
    }
}
