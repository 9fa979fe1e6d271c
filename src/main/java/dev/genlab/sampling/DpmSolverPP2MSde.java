package dev.genlab.sampling;

import ai.djl.ndarray.NDArray;

/**
 * DPM-Solver++(2M) SDE (Lu et al., 2022; k-diffusion's sample_dpmpp_2m_sde, midpoint form, η = 1): the
 * stochastic variant, which injects fresh noise each step and so corrects earlier errors; often the
 * better choice at 20 steps or more.
 */
public final class DpmSolverPP2MSde extends SigmaScheduler {

    private NDArray previous;
    private double lastH;

    public DpmSolverPP2MSde(NoiseSchedule schedule, Prediction prediction, boolean karras) {
        super(schedule, prediction, karras);
    }

    @Override
    public String name() {
        return "dpmpp-2m-sde";
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
        double h = Math.log(sigmas[i]) - Math.log(sigmas[i + 1]);
        double etaH = h; // η = 1
        NDArray next = x.mul((float) (sigmas[i + 1] / sigmas[i] * Math.exp(-etaH)))
                .add(x0.mul((float) -Math.expm1(-h - etaH)));
        if (previous != null) {
            double r = lastH / h;
            next = next.add(x0.sub(previous).mul((float) (0.5 * -Math.expm1(-h - etaH) / r)));
        }
        next = next.add(noise.like(x).mul((float) (sigmas[i + 1] * Math.sqrt(-Math.expm1(-2 * etaH)))));
        previous = Scheduler.keep(x0, x);
        lastH = h;
        return next;
    }
}
