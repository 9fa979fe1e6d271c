package dev.genlab.model.stylegan;

import ai.djl.ndarray.NDManager;
import dev.genlab.model.FamilyTrainCommand;
import dev.genlab.model.TrainingContext;
import dev.genlab.train.options.MeasuredTrainingArgs;
import dev.genlab.train.options.TrainingArgs;
import dev.genlab.train.options.TrainingSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code genlab train stylegan}. */
@Command(name = "stylegan", mixinStandardHelpOptions = true, description = {"Train a StyleGAN2-style GAN "
    + "(mapping network, modulated convs, noise inputs, skip outputs; lazy R1, generator EMA, optional ADA).",
    "Images are padded into a power-of-two canvas (28×28 into 32×32)."})
final class StyleGanTrainCommand extends FamilyTrainCommand {

    @Mixin
    TrainingArgs t = new TrainingArgs(StyleGanNetworkArgs.LR);

    @Mixin
    StyleGanNetworkArgs network = new StyleGanNetworkArgs();

    @Option(names = "--ada", description = "Adaptive discriminator augmentation (target r_t = 0.6; p is logged "
            + "per epoch).")
    boolean ada;

    @Mixin
    MeasuredTrainingArgs measured = new MeasuredTrainingArgs();

    @Override
    protected int train(TrainingContext context) {
        var o = network.options(t.toOptions(), measured, ada);
        try (NDManager manager = context.newManager()) {
            var result = new StyleGanTrainer(System.err).train(o, manager,
                    context.quality(measured.classifierName(), 1000, 0, manager));
            TrainingSummary.written(result.modelDir(), result.state(), result.quality());
        }
        return 0;
    }
}
