package dev.genlab.model.gan;

import ai.djl.ndarray.NDManager;
import dev.genlab.model.FamilyTrainCommand;
import dev.genlab.model.TrainingContext;
import dev.genlab.train.options.MeasuredTrainingArgs;
import dev.genlab.train.options.TrainingArgs;
import dev.genlab.train.options.TrainingSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code genlab train dcgan}. */
@Command(name = "dcgan", mixinStandardHelpOptions = true, description = {"Train a DCGAN (generator and "
        + "discriminator in turn; the generator's weight average is shipped).",
    "If a classifier is installed, FD-FMNIST and class accuracy of 1000 samples go into the model card."})
final class GanTrainCommand extends FamilyTrainCommand {

    @Mixin
    TrainingArgs t = new TrainingArgs("0.0002");

    @Option(names = "--latent", defaultValue = "64", description = "Latent size (default: ${DEFAULT-VALUE}).")
    int latent;

    @Option(names = "--channels", defaultValue = "32", description = "Channels at full resolution, doubled at each "
            + "lower stage (default: ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--ada", description = "Adaptive discriminator augmentation (flips, 90° rotations, shifts, "
            + "brightness, contrast, with a probability p steered toward r_t = 0.6; p is logged per epoch).")
    boolean ada;

    @Mixin
    MeasuredTrainingArgs measured = new MeasuredTrainingArgs();

    @Override
    protected int train(TrainingContext context) {
        var o = new GanTrainer.Options(t.toOptions(), latent, channels, measured.conditional(), measured.ema(), ada);
        try (NDManager manager = context.newManager()) {
            var result = new GanTrainer(System.err).train(o, manager,
                    context.quality(measured.classifierName(), 1000, 0, manager));
            TrainingSummary.written(result.modelDir(), result.state(), result.quality());
        }
        return 0;
    }
}
