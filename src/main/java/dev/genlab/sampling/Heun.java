package dev.genlab.sampling;

import ai.djl.ndarray.NDArray;

/**
 * Heun's second-order method (Karras et al., 2022, Algorithm 1): an Euler predictor to the next σ, then a
 * corrector with the slope there; the last step, to σ = 0, is Euler's. Two network calls per step, so
 * the loop's calls alternate predictor (even) and corrector (odd).
 */
public final class Heun extends SigmaScheduler {

    private NDArray savedX;
    private NDArray savedSlope;

    public Heun(NoiseSchedule schedule, Prediction prediction, boolean karras) {
        super(schedule, prediction, karras);
    }

    @Override
    public String name() {
        return "heun";
    }

    @Override
    protected double[] callSigmas(double[] sigmas) {
        int n = sigmas.length - 1;
        double[] calls = new double[2 * n - 1];
        for (int i = 0; i < n; i++) {
            calls[2 * i] = sigmas[i];
            if (i < n - 1) {
                calls[2 * i + 1] = sigmas[i + 1];
            }
        }
        return calls;
    }

    @Override
    public int firstCallOfStep(int k) {
        return 2 * k;
    }

    @Override
    protected void reset() {
        savedX = null;
        savedSlope = null;
    }

    @Override
    public NDArray step(NDArray out, int call, NDArray x, NoiseSource noise) {
        check(call);
        int i = call / 2;
        double s = sigmas[i];
        double next = sigmas[i + 1];
        if (call % 2 == 0) {
            NDArray x0 = denoised(out, x, s);
            if (next == 0) {
                return x0;
            }
            savedX = x;
            savedSlope = Scheduler.keep(x.sub(x0).div((float) s), x);
            return x.add(savedSlope.mul((float) (next - s)));
        }
        NDArray x0 = denoised(out, x, next);
        NDArray slope = x.sub(x0).div((float) next);
        NDArray result = savedX.add(savedSlope.add(slope).mul((float) (0.5 * (next - s))));
        reset();
        return result;
    }
}
