package dev.genlab.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The denoising loop every diffusion model runs, pixel or latent: at each of the sampler's calls the
 * denoiser (network plus guidance) sees the scaled sample, and the sampler takes the step. It knows
 * nothing about the network. Each call's intermediates live in a child manager that is closed after the
 * call; only the next sample (and the sampler's own state) survives.
 */
public final class DenoisingLoop {

    /** The network's (guided) output for a model input at a timestep; arrays it makes may live on {@code call}. */
    @FunctionalInterface
    public interface Denoiser {
        NDArray apply(NDArray modelInput, double timestep, NDManager call);
    }

    /**
     * Sees each call's result: previews read the output, inpainting replaces the kept region of the next
     * sample. Returns the sample the loop continues with.
     */
    @FunctionalInterface
    public interface AfterCall {
        NDArray apply(int call, NDArray modelInput, NDArray output, NDArray next, NDManager callManager);
    }

    private DenoisingLoop() {}

    /**
     * Runs calls {@code firstCall …} of a scheduler whose timesteps are set.
     *
     * @param x         the sample before {@code firstCall}, on {@code m}
     * @param after     called after each call, or null
     * @return the final sample, on {@code m}
     */
    public static NDArray run(Scheduler scheduler, NDArray x, int firstCall, NoiseSource noise, Denoiser denoiser,
            AfterCall after, NDManager m) {
        double[] ts = scheduler.timesteps();
        for (int i = firstCall; i < ts.length; i++) {
            try (NDManager call = m.newSubManager()) {
                // The input must live in the call's manager: DJL puts an op's result in its first operand's
                // manager, so feeding x itself (the discrete samplers' scaleModelInput returns it) kept every
                // call's activations until the end (170 MB a call at batch 16).
                NDArray in = scheduler.scaleModelInput(x, i);
                in = in == x ? x.duplicate() : in;
                in.attach(call);
                NDArray out = denoiser.apply(in, ts[i], call);
                NDArray next = scheduler.step(out, i, x, noise);
                if (after != null) {
                    next = after.apply(i, in, out, next, call);
                }
                next.attach(m);
                x = next;
            }
        }
        return x;
    }
}
