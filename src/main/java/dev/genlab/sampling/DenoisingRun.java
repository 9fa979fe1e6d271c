package dev.genlab.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The denoising loop as a text-to-image pipeline runs it: from noise; or, for image to image, from the init
 * latent noised to where the last {@code strength} share of the steps begins (diffusers' and A1111's rule);
 * and, for inpainting, with the init latent noised to the loop's current level put back outside the mask
 * after every call and the init latent itself at the end, so the kept region is exactly the init image's.
 *
 * @param init     the init image's latent, or null to start from noise
 * @param strength share of the steps run from {@code init} (ignored without it)
 * @param keep     1 where the init latent stays, 0 where it is repainted, broadcasting against the latents;
 *                 null for no inpainting
 */
public record DenoisingRun(NDArray init, double strength, NDArray keep) {

    /** Sees the network's output at each call (a preview of the finished image). */
    @FunctionalInterface
    public interface Preview {
        void accept(int call, NDArray modelInput, NDArray output, double timestep);
    }

    /** Text to image: from noise, everything repainted. */
    public static DenoisingRun fromNoise() {
        return new DenoisingRun(null, 1, null);
    }

    /** The steps the loop runs for {@code steps} requested: all, or the last strength × steps. */
    public int denoisedSteps(int steps) {
        return init == null ? steps : stepsFromInit(steps, strength);
    }

    /** Of {@code steps}, those run from an init image at {@code strength}: 0 keeps the init image. */
    public static int stepsFromInit(int steps, double strength) {
        return Math.min(steps, (int) Math.floor(steps * strength + 1e-9));
    }

    /**
     * Runs the loop on a scheduler whose steps are not yet set.
     *
     * @param eps         the starting noise (B, …), which also re-noises the init latent
     * @param temperature scale of the starting noise when there is no init image
     * @return the final latents on {@code m}; the init latent itself when no step runs (strength 0)
     */
    public NDArray run(Scheduler scheduler, int steps, NDArray eps, double temperature, NoiseSource noise,
            DenoisingLoop.Denoiser denoiser, Preview preview, NDManager m) {
        int denoised = denoisedSteps(steps);
        if (denoised == 0) {
            return init;
        }
        scheduler.setTimesteps(steps);
        int firstCall = scheduler.firstCallOfStep(steps - denoised);
        NDArray x = init == null ? eps.mul((float) (scheduler.initNoiseSigma() * temperature))
                : scheduler.noisedForCall(init, eps, firstCall);
        double[] timesteps = scheduler.timesteps();
        int calls = timesteps.length;
        DenoisingLoop.AfterCall after = (i, in, out, next, call) -> {
            if (keep != null) {
                NDArray original = i + 1 < calls ? scheduler.noisedForCall(init, eps, i + 1) : init;
                next = next.mul(keep.sub(1f).neg()).add(original.mul(keep));
            }
            if (preview != null) {
                preview.accept(i, in, out, timesteps[i]);
            }
            return next;
        };
        return DenoisingLoop.run(scheduler, x, firstCall, noise, denoiser, after, m);
    }
}
