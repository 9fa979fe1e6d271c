package dev.genlab.cli;

import ai.djl.ndarray.NDManager;
import dev.genlab.data.Image;
import dev.genlab.data.ImageFiles;
import dev.genlab.metrics.classifier.ClassifierModel;
import dev.genlab.modelstore.ModelDirectory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `genlab classify IMAGE…`: what the metrics' classifier sees in images. */
@Command(name = "classify", mixinStandardHelpOptions = true,
        description = "Print the class the genlab classifier predicts for each image, with its confidence.")
final class ClassifyCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "IMAGE")
    List<Path> images;

    @Option(names = "--classifier", defaultValue = "classifier", description = "Classifier model (default: ${DEFAULT-VALUE}).")
    String classifierName;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        ModelDirectory dir = common.registry().find(classifierName);
        try (NDManager manager = common.newManager();
                ClassifierModel classifier = ClassifierModel.load(dir, manager)) {
            var shape = dir.manifest().image();
            List<Image> inputs = new ArrayList<>();
            for (Path p : images) {
                inputs.add(ImageFiles.read(p, shape.channels(), shape.height(), shape.width()));
            }
            ClassifierModel.Outputs out = classifier.run(inputs);
            for (int i = 0; i < images.size(); i++) {
                int c = out.predicted(i);
                System.out.printf(java.util.Locale.ROOT, "%s\t%s\t%.3f%n", images.get(i),
                        classifier.classNames().get(c), out.probabilities()[i][c]);
            }
        }
        return 0;
    }
}
