package dev.genlab.train.options;

import dev.genlab.sampling.NoiseSchedule;
import dev.genlab.sampling.Prediction;
import picocli.CommandLine.Option;

/** The noise schedule and prediction type of a diffusion model's training (pixel or latent). */
public final class DiffusionArgs {

    @Option(names = "--schedule", description = "Noise schedule: linear, scaled-linear, cosine (default: "
            + "${DEFAULT-VALUE}).")
    String schedule;

    @Option(names = "--training-steps", defaultValue = "1000", description = "T, the steps of the noise schedule "
            + "(default: ${DEFAULT-VALUE}).")
    int trainingSteps;

    @Option(names = "--prediction", defaultValue = "epsilon", description = "What the UNet predicts: epsilon, v, "
            + "sample (default: ${DEFAULT-VALUE}).")
    String prediction;

    /** With the family's default schedule. */
    public DiffusionArgs(String defaultSchedule) {
        this.schedule = defaultSchedule;
    }

    public NoiseSchedule.Kind schedule() {
        return NoiseSchedule.Kind.parse(schedule);
    }

    public int trainingSteps() {
        return trainingSteps;
    }

    public Prediction prediction() {
        return Prediction.parse(prediction);
    }
}
