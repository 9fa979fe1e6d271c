package dev.genlab.sampling;

import ai.djl.ndarray.NDArray;
import dev.genlab.core.GenlabException;

/**
 * What the samplers of k-diffusion's kind share (Karras et al., 2022): they integrate in σ space, where
 * the sample is x = x₀ + σ·ε, from σ_max down to 0. The network sees x/√(σ²+1) = x_t at the (fractional)
 * timestep of σ, and its output is turned into the denoised estimate x₀. Subclasses see noise levels
 * {@code sigmas[0…n]} (the last is 0) and call {@link #denoised}.
 */
abstract class SigmaScheduler implements Scheduler {

    protected final NoiseSchedule schedule;
    protected final Prediction prediction;
    private final boolean karras;
    protected double[] sigmas = new double[0];
    /** σ at which the network is evaluated at each call. */
    protected double[] callSigmas = new double[0];

    SigmaScheduler(NoiseSchedule schedule, Prediction prediction, boolean karras) {
        this.schedule = schedule;
        this.prediction = prediction;
        this.karras = karras;
    }

    @Override
    public void setTimesteps(int n) {
        Samplers.checkSteps(n, schedule);
        sigmas = karras ? schedule.karrasSigmas(n, 7.0) : schedule.samplerSigmas(n);
        callSigmas = callSigmas(sigmas);
        reset();
    }

    /** One call per step by default; Heun adds its corrector calls. */
    protected double[] callSigmas(double[] sigmas) {
        return java.util.Arrays.copyOf(sigmas, sigmas.length - 1);
    }

    /** Clears the history of a multistep sampler. */
    protected void reset() {}

    @Override
    public double[] timesteps() {
        double[] t = new double[callSigmas.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = schedule.timestep(callSigmas[i]);
        }
        return t;
    }

    @Override
    public double initNoiseSigma() {
        return Math.sqrt(sigmas[0] * sigmas[0] + 1);
    }

    @Override
    public NDArray scaleModelInput(NDArray sample, int call) {
        double s = callSigmas[call];
        return sample.div((float) Math.sqrt(s * s + 1));
    }

    /** x₀ estimated from the network's output at noise level σ, with x in σ space. */
    protected NDArray denoised(NDArray out, NDArray x, double sigma) {
        NDArray xt = x.div((float) Math.sqrt(sigma * sigma + 1));
        return prediction.toSample(out, xt, NoiseSchedule.alphaBarOfSigma(sigma));
    }

    protected void check(int call) {
        if (callSigmas.length == 0) {
            throw new GenlabException("call setTimesteps before step");
        }
    }

    @Override
    public NDArray addNoise(NDArray x0, NDArray noise, int t) {
        return schedule.addNoise(x0, noise, t);
    }

    @Override
    public NDArray noisedForCall(NDArray x0, NDArray noise, int i) {
        check(i);
        return x0.add(noise.mul((float) callSigmas[i]));
    }
}
