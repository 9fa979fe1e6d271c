package dev.genlab.metrics.classifier;

import ai.djl.ndarray.NDManager;
import dev.genlab.nn.Parameters;
import dev.genlab.train.Adam;
import dev.genlab.train.ModelExport;
import dev.genlab.train.Trainer;
import dev.genlab.train.TrainingOptions;
import dev.genlab.train.TrainingSession;
import dev.genlab.train.TrainingState;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code genlab train classifier}: the network whose features the quality metrics compare. */
public final class ClassifierTrainer extends Trainer {

    /** The classifier's own options. */
    public record Options(TrainingOptions common, int width, int featureDim, double dropout) {}

    /** What training produced; the test data is kept for the reference statistics. */
    public record Result(TrainingState state, ClassifierModel.Accuracy testAccuracy, TrainingSession.Data data) {}

    public ClassifierTrainer(PrintStream log) {
        super(log);
    }

    public Result train(Options options, NDManager root) {
        TrainingOptions o = options.common();
        TrainingSession.Data data = loadData(o);
        var train = data.train();
        ClassifierConfig config = new ClassifierConfig(data.imageShape(),
                train.classNames(), options.width(), options.featureDim(), options.dropout());
        String fingerprint = TrainingSession.fingerprint(config);
        try (NDManager manager = root.newSubManager();
                Parameters params = new Parameters(manager, o.seed())) {
            ClassifierNetwork net = new ClassifierNetwork(config, params);
            Adam adam = new Adam(params, o.learningRate(), 0.9f, 0.999f);
            log.printf(Locale.ROOT, "training a classifier: %,d parameters, %d classes, %d epochs%n", params.count(),
                    config.classes().size(), o.epochs());
            TrainingState state = TrainingSession.run(o, new ClassifierObjective(net), List.of(adam), train, fingerprint, log);
            ClassifierModel.Accuracy acc = new ClassifierModel(net, manager).accuracy(data.test());
            log.printf(Locale.ROOT, "test accuracy: %.4f on %d images%n", acc.overall(), data.test().size());
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("test_accuracy", acc.overall());
            for (int c = 0; c < config.classes().size(); c++) {
                metrics.put("test_accuracy_" + config.classes().get(c), acc.perClass()[c]);
            }
            ModelExport export = ModelExport.of(ClassifierModel.FAMILY, config,
                    "The Fashion-MNIST classifier whose " + config.featureDim() + "-d penultimate layer is the feature "
                            + "space of genlab's quality metrics (FD-FMNIST, KID, precision/recall). Trained with "
                            + "random horizontal flips and shifts of up to 2 pixels.")
                    .metrics(metrics, String.format(Locale.ROOT, "test accuracy %.2f%%", 100 * acc.overall()));
            String arch = String.format(Locale.ROOT, "Two stages of two 3×3 convs (%d, then %d channels) with GroupNorm "
                    + "and SiLU, each stage ending in 2×2 max-pooling; linear to %d features (SiLU), dropout %.2f "
                    + "in training, linear to %d logits.", config.width(), 2 * config.width(), config.featureDim(),
                    config.dropout(), config.classes().size());
            export.write(o, state, data.describe(), params, arch);
            return new Result(state, acc, data);
        }
    }
}
