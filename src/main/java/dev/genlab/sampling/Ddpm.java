package dev.genlab.sampling;

import ai.djl.ndarray.NDArray;

/**
 * Ancestral sampling (Ho et al., 2020, "Denoising Diffusion Probabilistic Models"): a draw from the
 * posterior q(x_{t'} | x_t, x₀) with x₀ the network's estimate; with fewer steps than training steps,
 * β is that of the whole stride, 1 − ᾱ_t/ᾱ_{t'}.
 */
public final class Ddpm extends DiscreteScheduler {

    public Ddpm(NoiseSchedule schedule, Prediction prediction) {
        super(schedule, prediction);
    }

    @Override
    public String name() {
        return "ddpm";
    }

    @Override
    public NDArray step(NDArray out, int i, NDArray sample, NoiseSource noise) {
        checkIndex(i);
        double a = schedule.alphaBar(steps[i]);
        double prev = i + 1 < steps.length ? schedule.alphaBar(steps[i + 1]) : 1.0; // the last step lands clean
        double beta = 1 - a / prev;
        NDArray x0 = prediction.toSample(out, sample, a);
        // posterior mean: √ᾱ'·β/(1−ᾱ)·x₀ + √(1−β)·(1−ᾱ')/(1−ᾱ)·x_t
        NDArray mean = x0.mul((float) (Math.sqrt(prev) * beta / (1 - a)))
                .add(sample.mul((float) (Math.sqrt(1 - beta) * (1 - prev) / (1 - a))));
        double variance = (1 - prev) / (1 - a) * beta;
        return variance > 0 ? mean.add(noise.like(sample).mul((float) Math.sqrt(variance))) : mean;
    }
}
