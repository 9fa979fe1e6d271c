package dev.genlab.model.stylegan;

import ai.djl.ndarray.NDManager;
import dev.genlab.core.UsageException;
import dev.genlab.model.FamilyTrainCommand;
import dev.genlab.model.TrainingContext;
import dev.genlab.train.AdaAblation;
import dev.genlab.train.TrainingOptions;
import dev.genlab.train.options.MeasuredTrainingArgs;
import dev.genlab.train.options.TrainingArgs;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code genlab train ada-ablation}: StyleGAN2-ADA's limited-data experiment, with and without ADA. */
@Command(name = "ada-ablation", mixinStandardHelpOptions = true, description = {"The StyleGAN2-ADA paper's "
    + "limited-data experiment on genlab's data: one StyleGAN2 configuration trained on the first --images "
    + "training images for --steps steps, once without and once with adaptive discriminator augmentation, both "
    + "measured with the classifier (FD-FMNIST, KID, precision, recall, class accuracy).",
    "Writes OUT/no-ada and OUT/ada (models; --resume continues them), OUT/ablation.json and OUT/ABLATION.md; "
        + "--card MODEL adds the table to that model's card. Give the options the shipped model was trained with."})
final class AdaAblationCommand extends FamilyTrainCommand {

    @Mixin
    TrainingArgs t = new TrainingArgs(StyleGanNetworkArgs.LR);

    @Mixin
    StyleGanNetworkArgs network = new StyleGanNetworkArgs();

    @Mixin
    MeasuredTrainingArgs measured = new MeasuredTrainingArgs();

    @Option(names = "--images", defaultValue = "2000", description = "Training images both runs see: the first N "
            + "of the training split (default: ${DEFAULT-VALUE}, as a limited-data regime).")
    int images;

    @Option(names = "--steps", required = true, description = "Training steps of each run (the same for both).")
    long steps;

    @Option(names = "--card", paramLabel = "MODEL_DIR", description = "Add the result to this model's MODEL_CARD.md "
            + "(e.g. models/stylegan), replacing an earlier ablation section.")
    Path card;

    @Option(names = "--samples", defaultValue = "1000", description = "Samples each run's quality is measured on "
            + "(default: ${DEFAULT-VALUE}).")
    int samples;

    @Override
    protected int train(TrainingContext context) {
        if (t.sizedByUser()) {
            throw new UsageException("train ada-ablation sets the subset and the length itself: use --images and "
                    + "--steps instead of --limit and --max-steps");
        }
        if (images < t.batchSize()) {
            throw new UsageException("--images must be at least the batch size (" + t.batchSize() + "), got "
                    + images);
        }
        if (steps < 1) {
            throw new UsageException("--steps must be at least 1, got " + steps);
        }
        if (samples < 50) {
            throw new UsageException("--samples must be at least 50, got " + samples);
        }
        TrainingOptions base = t.toOptions();
        Map<String, AdaAblation.Arm> arms = new LinkedHashMap<>();
        try (NDManager manager = context.newManager()) {
            for (boolean ada : new boolean[] {false, true}) {
                String arm = ada ? "ada" : "no-ada";
                System.err.printf("ada-ablation: training %s on %d images for %d steps%n", arm, images, steps);
                StyleGanTrainer.Options o = network.options(AdaAblation.armOptions(base, arm, images, steps), measured,
                        ada);
                var result = new StyleGanTrainer(System.err).train(o, manager,
                        context.quality(measured.classifierName(), samples, 0, manager));
                arms.put(arm, AdaAblation.Arm.of(result.state(), result.quality()));
            }
        }
        AdaAblation.Result result = new AdaAblation.Result(images, steps, t.batchSize(), t.seed(), base.command(),
                arms);
        AdaAblation.write(t.out(), result);
        if (card != null) {
            AdaAblation.addToCard(card, result);
        }
        System.out.println(AdaAblation.verdict(result));
        System.out.println("wrote " + t.out().resolve(AdaAblation.JSON_FILE) + ", "
                + t.out().resolve(AdaAblation.MD_FILE)
                + (card != null ? ", and the ablation section of " + card.resolve("MODEL_CARD.md") : ""));
        return 0;
    }
}
