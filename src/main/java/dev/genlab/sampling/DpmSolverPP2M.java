package dev.genlab.sampling;

import ai.djl.ndarray.NDArray;

/**
 * DPM-Solver++(2M) (Lu et al., 2022, "DPM-Solver++: Fast Solver for Guided Sampling of Diffusion
 * Probabilistic Models"): exact in the linear part, second order from the previous step's denoised
 * estimate; one network call per step.
 */
public final class DpmSolverPP2M extends SigmaScheduler {

    private NDArray previous;

    public DpmSolverPP2M(NoiseSchedule schedule, Prediction prediction, boolean karras) {
        super(schedule, prediction, karras);
    }

    @Override
    public String name() {
        return "dpmpp-2m";
    }

    @Override
    protected void reset() {
        previous = null;
    }

    @Override
    public NDArray step(NDArray out, int i, NDArray x, NoiseSource noise) {
        check(i);
        NDArray x0 = denoised(out, x, sigmas[i]);
        if (sigmas[i + 1] == 0) {
            previous = null;
            return x0;
        }
        double t = -Math.log(sigmas[i]);
        double tNext = -Math.log(sigmas[i + 1]);
        double h = tNext - t;
        NDArray d = x0;
        if (previous != null) {
            double r = (t + Math.log(sigmas[i - 1])) / h; // h_last / h
            d = x0.mul((float) (1 + 1 / (2 * r))).sub(previous.mul((float) (1 / (2 * r))));
        }
        previous = Scheduler.keep(x0, x);
        return x.mul((float) (sigmas[i + 1] / sigmas[i])).sub(d.mul((float) Math.expm1(-h)));
    }
}
