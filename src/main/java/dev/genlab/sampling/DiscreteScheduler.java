package dev.genlab.sampling;

import ai.djl.ndarray.NDArray;
import dev.genlab.core.GenlabException;

/**
 * What the samplers that move between integer training steps share (DDPM, DDIM, PNDM): the schedule,
 * the prediction type, the timesteps the schedule's spacing gives, and the forward process. The network sees x_t unscaled.
 */
abstract class DiscreteScheduler implements Scheduler {

    protected final NoiseSchedule schedule;
    protected final Prediction prediction;
    protected int[] steps = new int[0];

    DiscreteScheduler(NoiseSchedule schedule, Prediction prediction) {
        this.schedule = schedule;
        this.prediction = prediction;
    }

    @Override
    public void setTimesteps(int n) {
        Samplers.checkSteps(n, schedule);
        steps = schedule.samplerTimesteps(n);
    }

    @Override
    public double[] timesteps() {
        double[] out = new double[steps.length];
        for (int i = 0; i < steps.length; i++) {
            out[i] = steps[i];
        }
        return out;
    }

    @Override
    public double initNoiseSigma() {
        return 1;
    }

    @Override
    public NDArray scaleModelInput(NDArray sample, int i) {
        return sample;
    }

    /** ᾱ of the step after loop step i (after the last: the schedule's {@link NoiseSchedule#finalAlphaBar}). */
    protected double alphaBarAfter(int i) {
        return i + 1 < steps.length ? schedule.alphaBar(steps[i + 1]) : schedule.finalAlphaBar();
    }

    protected void checkIndex(int i) {
        if (steps.length == 0) {
            throw new GenlabException("call setTimesteps before step");
        }
    }

    @Override
    public NDArray addNoise(NDArray x0, NDArray noise, int t) {
        return schedule.addNoise(x0, noise, t);
    }

    @Override
    public NDArray noisedForCall(NDArray x0, NDArray noise, int i) {
        return schedule.addNoise(x0, noise, (int) Math.round(timesteps()[i]));
    }
}
