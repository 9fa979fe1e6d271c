package dev.genlab.sampling;

import ai.djl.ndarray.NDArray;

/**
 * Euler ancestral (k-diffusion's sample_euler_ancestral): an Euler step down to σ_down, then fresh noise
 * of σ_up, with σ_down² + σ_up² = σ_next², so each step forgets part of the path taken.
 */
public final class EulerAncestral extends SigmaScheduler {

    public EulerAncestral(NoiseSchedule schedule, Prediction prediction, boolean karras) {
        super(schedule, prediction, karras);
    }

    @Override
    public String name() {
        return "euler-a";
    }

    @Override
    public NDArray step(NDArray out, int i, NDArray x, NoiseSource noise) {
        check(i);
        double s = sigmas[i];
        double next = sigmas[i + 1];
        NDArray x0 = denoised(out, x, s);
        if (next == 0) {
            return x0;
        }
        double up = Math.min(next, Math.sqrt(next * next * (s * s - next * next) / (s * s)));
        double down = Math.sqrt(next * next - up * up);
        NDArray d = x.sub(x0).div((float) s);
        return x.add(d.mul((float) (down - s))).add(noise.like(x).mul((float) up));
    }
}
