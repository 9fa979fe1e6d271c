package dev.genlab.metrics.classifier;

import ai.djl.ndarray.NDManager;
import dev.genlab.metrics.FeatureStatistics;
import dev.genlab.metrics.FrechetDistance;
import dev.genlab.metrics.ReferenceStatistics;
import dev.genlab.model.FamilyTrainCommand;
import dev.genlab.model.TrainingContext;
import dev.genlab.modelstore.ModelDirectory;
import dev.genlab.train.options.TrainingArgs;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code genlab train classifier}: the metrics' feature network and the real data's statistics beside it. */
@Command(name = "classifier", mixinStandardHelpOptions = true,
        description = {"Train the classifier whose features the quality metrics use, then compute the real data's "
                + "reference statistics beside it (reference.safetensors)."})
public final class ClassifierTrainCommand extends FamilyTrainCommand {

    @Mixin
    TrainingArgs t = new TrainingArgs();

    @Option(names = "--width", defaultValue = "32", description = "Channels of the first stage "
            + "(default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--features", defaultValue = "128", description = "Size of the feature layer "
            + "(default: ${DEFAULT-VALUE}).")
    int features;

    @Option(names = "--dropout", defaultValue = "0.3", description = "Dropout before the last layer "
            + "(default: ${DEFAULT-VALUE}).")
    double dropout;

    @Option(names = "--reference-train", defaultValue = "10000", description = "Training images whose features "
            + "are shipped for the real-vs-real floor (default: ${DEFAULT-VALUE}).")
    int referenceTrain;

    @Override
    protected int train(TrainingContext context) {
        var o = new ClassifierTrainer.Options(t.toOptions(), width, features, dropout);
        try (NDManager manager = context.newManager()) {
            var result = new ClassifierTrainer(System.err).train(o, manager);
            try (var classifier = ClassifierModel.load(ModelDirectory.open(t.out()), manager)) {
                var data = result.data();
                var ref = ReferenceStatistics.compute(classifier, data.test(),
                        data.splits().train().head(referenceTrain));
                ref.write(t.out());
                double floor = FrechetDistance.compute(FeatureStatistics.of(ref.trainFeatures()), ref.test());
                System.out.printf(Locale.ROOT, "test accuracy %.2f%%; reference statistics of %d test images written; "
                        + "real-vs-real FD-FMNIST (%d training images vs test) = %.3f%n",
                        100 * result.testAccuracy().overall(), data.test().size(), ref.trainFeatures().length, floor);
            }
        }
        return 0;
    }
}
