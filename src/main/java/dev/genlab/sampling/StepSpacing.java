package dev.genlab.sampling;

/**
 * Where a sampler's k steps fall among the T training steps, and what the last step of DDIM and PNDM aims
 * at: genlab's own models use trailing steps (the first at T−1, where training saw almost pure noise; Lin et
 * al., 2024) ending at the clean image; Stable Diffusion 1.x's released scheduler config uses "leading" steps
 * (0, T/k, 2T/k, … shifted by steps_offset 1: 961, 921, …, 1 for 25 steps) and ends at ᾱ₀ instead of 1
 * (set_alpha_to_one false), and images made with that checkpoint elsewhere were made so.
 *
 * @param leading      T/k-strided steps from 0 upward (plus {@code offset}), rather than trailing ones
 * @param offset       added to every leading step
 * @param endsAtClean  whether the last DDIM/PNDM step goes to ᾱ = 1 (else to ᾱ₀)
 */
public record StepSpacing(boolean leading, int offset, boolean endsAtClean) {

    /** genlab's trained diffusion models. */
    public static final StepSpacing TRAILING = new StepSpacing(false, 0, true);

    /** Stable Diffusion 1.x's scheduler config (diffusers' and the original's). */
    public static final StepSpacing SD1 = new StepSpacing(true, 1, false);

    /** The k training steps, descending. */
    int[] timesteps(int k, int trainingSteps) {
        int[] ts = new int[k];
        if (leading) {
            int ratio = trainingSteps / k;
            for (int i = 0; i < k; i++) {
                ts[i] = Math.min(trainingSteps - 1, (k - 1 - i) * ratio + offset);
            }
        } else {
            double stride = (double) trainingSteps / k;
            for (int i = 0; i < k; i++) {
                ts[i] = (int) Math.round(trainingSteps - i * stride) - 1;
            }
        }
        return ts;
    }
}
