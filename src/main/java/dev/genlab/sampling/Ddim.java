package dev.genlab.sampling;

import ai.djl.ndarray.NDArray;
import dev.genlab.core.UsageException;

/**
 * DDIM (Song et al., 2021, "Denoising Diffusion Implicit Models"): deterministic for η = 0; η = 1 has
 * the ancestral sampler's variance.
 */
public final class Ddim extends DiscreteScheduler {

    private final double eta;

    public Ddim(NoiseSchedule schedule, Prediction prediction, double eta) {
        super(schedule, prediction);
        if (!(eta >= 0 && eta <= 1)) {
            throw new UsageException("--eta must be in [0, 1], got " + eta);
        }
        this.eta = eta;
    }

    @Override
    public String name() {
        return "ddim";
    }

    /** σ of the noise added on the way from ᾱ to ᾱ' (eq. 16 of the paper). */
    static double sigma(double eta, double alphaBar, double alphaBarPrev) {
        return eta * Math.sqrt((1 - alphaBarPrev) / (1 - alphaBar) * (1 - alphaBar / alphaBarPrev));
    }

    @Override
    public NDArray step(NDArray out, int i, NDArray sample, NoiseSource noise) {
        checkIndex(i);
        double a = schedule.alphaBar(steps[i]);
        double prev = alphaBarAfter(i);
        NDArray x0 = prediction.toSample(out, sample, a);
        NDArray eps = prediction.toEpsilon(out, sample, a);
        double s = sigma(eta, a, prev);
        NDArray next = x0.mul((float) Math.sqrt(prev)).add(eps.mul((float) Math.sqrt(Math.max(0, 1 - prev - s * s))));
        return s > 0 ? next.add(noise.like(sample).mul((float) s)) : next;
    }
}
