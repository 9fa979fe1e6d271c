package dev.genlab.sampling;

import ai.djl.ndarray.NDArray;

/** Euler's method on the probability-flow ODE dx/dσ = (x − x₀)/σ (Karras et al., 2022, Algorithm 1 with one stage). */
public final class Euler extends SigmaScheduler {

    public Euler(NoiseSchedule schedule, Prediction prediction, boolean karras) {
        super(schedule, prediction, karras);
    }

    @Override
    public String name() {
        return "euler";
    }

    @Override
    public NDArray step(NDArray out, int i, NDArray x, NoiseSource noise) {
        check(i);
        NDArray x0 = denoised(out, x, sigmas[i]);
        if (sigmas[i + 1] == 0) {
            return x0;
        }
        NDArray d = x.sub(x0).div((float) sigmas[i]);
        return x.add(d.mul((float) (sigmas[i + 1] - sigmas[i])));
    }
}
