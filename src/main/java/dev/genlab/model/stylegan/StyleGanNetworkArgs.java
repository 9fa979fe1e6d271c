package dev.genlab.model.stylegan;

import dev.genlab.core.UsageException;
import dev.genlab.train.TrainingOptions;
import dev.genlab.train.options.MeasuredTrainingArgs;
import picocli.CommandLine.Option;

/** The StyleGAN2 configuration: shared by {@code train stylegan} and {@code train ada-ablation}, which must match. */
final class StyleGanNetworkArgs {

    /** The generator's default learning rate (its layers have equalised learning rates). */
    static final String LR = "0.002";

    @Option(names = "--latent", defaultValue = "64", description = "Size of z (default: ${DEFAULT-VALUE}).")
    int latent;

    @Option(names = "--w-dim", defaultValue = "64", description = "Size of w (default: ${DEFAULT-VALUE}).")
    int wDim;

    @Option(names = "--mapping-layers", defaultValue = "4", description = "Layers of the mapping network "
            + "(default: ${DEFAULT-VALUE}; StyleGAN2 uses 8).")
    int mappingLayers;

    @Option(names = "--channels", defaultValue = "64", description = "Channels at every resolution "
            + "(default: ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--r1-gamma", defaultValue = "0.1", description = "Weight γ of the R1 penalty "
            + "(default: ${DEFAULT-VALUE}; 0 = off).")
    double r1Gamma;

    @Option(names = "--r1-interval", defaultValue = "16", description = "Steps between R1 penalties, lazy "
            + "regularisation (default: ${DEFAULT-VALUE}).")
    int r1Interval;

    // StyleGAN2's 0.002 for both assumes equalised layers on both sides; this discriminator has plain
    // ones (weights ~1/√fan_in, 1/24 at 64 channels × 3×3), on which 0.002 moves every weight by ~5% a step
    @Option(names = "--d-lr", defaultValue = "2e-4", description = "The discriminator's Adam learning rate "
            + "(default: ${DEFAULT-VALUE}; --lr is the generator's, default 0.002: its layers have equalised "
            + "learning rates, the discriminator's plain weights).")
    float dLr;

    StyleGanTrainer.Options options(TrainingOptions t, MeasuredTrainingArgs measured, boolean ada) {
        if (r1Interval < 1 || r1Gamma < 0) {
            throw new UsageException("--r1-interval must be ≥ 1 and --r1-gamma ≥ 0");
        }
        if (!(dLr > 0 && dLr < 1)) {
            throw new UsageException("--d-lr must be between 0 and 1, got " + dLr);
        }
        return new StyleGanTrainer.Options(t, latent, wDim, mappingLayers, channels, measured.conditional(),
                measured.ema(), ada, r1Gamma, r1Interval, dLr);
    }
}
