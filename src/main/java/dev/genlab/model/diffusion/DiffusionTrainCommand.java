package dev.genlab.model.diffusion;

import ai.djl.ndarray.NDManager;
import dev.genlab.model.FamilyTrainCommand;
import dev.genlab.model.TrainingContext;
import dev.genlab.train.options.DiffusionArgs;
import dev.genlab.train.options.MeasuredTrainingArgs;
import dev.genlab.train.options.TrainingArgs;
import dev.genlab.train.options.TrainingSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code genlab train ddpm}. */
@Command(name = "ddpm", mixinStandardHelpOptions = true, description = {"Train a pixel-space diffusion model "
        + "(DDPM) with classifier-free guidance; the UNet's weight average is shipped.",
    "If a classifier is installed, FD-FMNIST of 500 samples (default sampler) goes into the model card."})
final class DiffusionTrainCommand extends FamilyTrainCommand {

    @Mixin
    TrainingArgs t = new TrainingArgs("0.0002");

    @Option(names = "--channels", defaultValue = "32", description = "UNet channels at full resolution "
            + "(default: ${DEFAULT-VALUE}).")
    int channels;

    @Mixin
    DiffusionArgs diffusion = new DiffusionArgs("linear");

    @Option(names = "--drop-class", defaultValue = "0.15", description = "Share of labels replaced by the null "
            + "class, for classifier-free guidance (default: ${DEFAULT-VALUE}).")
    double dropClass;

    @Mixin
    MeasuredTrainingArgs measured = new MeasuredTrainingArgs();

    @Override
    protected int train(TrainingContext context) {
        var o = new DiffusionTrainer.Options(t.toOptions(), channels, measured.conditional(), diffusion.schedule(),
                diffusion.trainingSteps(), diffusion.prediction(), dropClass, measured.ema(),
                DiffusionTrainer.DEFAULT_SAMPLER);
        try (NDManager manager = context.newManager()) {
            var result = new DiffusionTrainer(System.err).train(o, manager,
                    context.quality(measured.classifierName(), 500, 0, manager));
            TrainingSummary.written(result.modelDir(), result.state(), result.quality());
        }
        return 0;
    }
}
