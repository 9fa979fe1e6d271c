package dev.genlab.sampling;

import ai.djl.ndarray.NDArray;

/**
 * A sampler in the manner of diffusers' schedulers: it chooses where the network is evaluated and turns
 * each output into the next sample; it knows nothing about the network. The denoising loop:
 * <pre>
 *   s.setTimesteps(k);
 *   x = noise.initial(shape) · s.initNoiseSigma();
 *   for (i = 0; i &lt; s.timesteps().length; i++)
 *       x = s.step(net(s.scaleModelInput(x, i), s.timesteps()[i]), i, x, noise);
 * </pre>
 * Instances keep state between the calls of one loop (multistep history), so each loop needs
 * {@link #setTimesteps} first, and one instance serves one loop at a time; that state lives on the
 * sample's manager.
 */
public interface Scheduler {

    /** The CLI name, e.g. {@code dpmpp-2m}. */
    String name();

    /** Prepares a loop of {@code steps} denoising steps (some samplers evaluate the network more often). */
    void setTimesteps(int steps);

    /** The network's timestep at each call of the loop (fractional for samplers on continuous σ). */
    double[] timesteps();

    /** Standard deviation of the starting noise. */
    double initNoiseSigma();

    /** What the network sees at call {@code i} (samplers in σ space keep x₀ + σε and rescale it). */
    NDArray scaleModelInput(NDArray sample, int i);

    /**
     * The sample after call {@code i}, from the network's output there.
     *
     * @param noise fresh noise for stochastic samplers
     */
    NDArray step(NDArray modelOutput, int i, NDArray sample, NoiseSource noise);

    /** The forward process: x_t = √ᾱ_t·x₀ + √(1−ᾱ_t)·ε at training step t. */
    NDArray addNoise(NDArray x0, NDArray noise, int t);

    /**
     * The sample the loop holds just before call {@code i}, for a clean x₀ and noise ε, in this sampler's
     * own space: image-to-image starts there, and inpainting re-noises the kept region to it after each call.
     */
    NDArray noisedForCall(NDArray x0, NDArray noise, int i);

    /** The loop's first call of step {@code k} (0 ≤ k &lt; steps); samplers with extra calls override it. */
    default int firstCallOfStep(int k) {
        return k;
    }

    /**
     * Keeps an array the sampler needs at a later call alive as long as the sample: callers may free each
     * call's intermediates (a child manager per call), and state must not go with them.
     */
    static NDArray keep(NDArray state, NDArray sample) {
        state.attach(sample.getManager());
        return state;
    }

    /** Network evaluations per loop of {@code steps} steps. */
    default int evaluations(int steps) {
        setTimesteps(steps);
        return timesteps().length;
    }
}
