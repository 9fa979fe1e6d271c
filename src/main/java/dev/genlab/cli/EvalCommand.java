package dev.genlab.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genlab.core.GenlabException;
import dev.genlab.core.UsageException;
import dev.genlab.data.Image;
import dev.genlab.data.ImageFiles;
import dev.genlab.data.NpyWriter;
import dev.genlab.metrics.PromptAccuracy;
import dev.genlab.metrics.QualityMetrics;
import dev.genlab.metrics.ReferenceStatistics;
import dev.genlab.metrics.classifier.ClassifierModel;
import dev.genlab.model.ClassArg;
import dev.genlab.model.Generator;
import dev.genlab.model.ImageGeneration;
import dev.genlab.model.ModelRegistry;
import dev.genlab.modelstore.ModelDirectory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `genlab eval MODEL`: measured quality of a model's samples. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Measure the quality of a model's samples against real Fashion-MNIST in the genlab "
                + "classifier's feature space: FD-FMNIST (a Fréchet distance; not FID, the features are not "
                + "Inception's), KID, Inception-style score, precision and recall, and class share."})
final class EvalCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL", description = "The model whose samples are "
            + "scored (or --images instead).")
    String model;

    @Option(names = "--images", paramLabel = "DIR", description = "Score the PNG and JPEG files in DIR (its files "
            + "only, in name order) instead of a model's samples: images from another tool or a model of your own. "
            + "Each is read as the classifier's input: converted to grey (luma: 0.299 R + 0.587 G + 0.114 B) and "
            + "scaled to 28x28 by area averaging when its size differs.")
    Path images;

    @Option(names = "--n", defaultValue = "1000", description = "Samples to generate (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the first sample (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--class", paramLabel = "CLASS", description = "Generate this class (conditional models).")
    String className;

    @Option(names = "--expect", paramLabel = "CLASS", description = "Report the share of samples classified as "
            + "CLASS (default: the --class given).")
    String expect;

    @Option(names = "--temperature", defaultValue = "1.0", description = "Prior temperature (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--batch", defaultValue = "100", description = "Images generated together (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--json", description = "Print the figures as JSON.")
    boolean json;

    @Option(names = "--per-class", description = "Conditional models: generate --n samples of every class and report "
            + "the share the classifier puts in the requested class, beside the classifier's own accuracy on real "
            + "test images of that class.")
    boolean perClass;

    @Option(names = "--prompt", paramLabel = "TEXT", description = "Text-to-image models: the prompt of every sample "
            + "(default: \"\", unconditional).")
    String prompt;

    @Option(names = "--negative", paramLabel = "TEXT", description = "Text-to-image models: the negative prompt.")
    String negative;

    @Option(names = "--prompt-set", paramLabel = "SET", description = "Text-to-image models: the share of samples the "
            + "classifier puts in each prompt's class, over the training captions (training: 3 per class) or the "
            + "paraphrases held out of training (held-out); --n samples per prompt.")
    String promptSet;

    @Option(names = "--features-out", paramLabel = "FILE.npy", description = "Write the samples' feature rows "
            + "(NumPy .npy) to check the figures independently.")
    Path featuresOut;

    @Option(names = "--probabilities-out", paramLabel = "FILE.npy", description = "Write the samples' class "
            + "probabilities (NumPy .npy, a row per image) to recompute the Inception Score independently.")
    Path probabilitiesOut;

    /** FD extrapolated to infinitely many samples, for the figures printed; NaN when too few samples. */
    private double fdInfinity = Double.NaN;

    @Option(names = "--real", paramLabel = "DIR", description = "Score against a folder of real images instead of "
            + "the classifier's reference (Fashion-MNIST's test split): every other image (in name order) is the "
            + "reference, the others give the real-vs-real floor. Images are read as --images reads them.")
    Path real;

    @Option(names = "--classifier", defaultValue = "classifier", description = "Classifier model (default: ${DEFAULT-VALUE}).")
    String classifierName;

    @Mixin
    SamplerOptions samplerOptions = new SamplerOptions();

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        if ((model == null) == (images == null)) {
            throw new UsageException("give a MODEL, or --images DIR to score a folder of images (one of the two)");
        }
        if (images != null) {
            return scoreFolder();
        }
        if (n < 10) {
            throw new UsageException("--n must be at least 10 for the metrics to mean anything, got " + n);
        }
        ModelRegistry registry = common.registry();
        ModelDirectory dir = registry.find(model);
        ModelDirectory classifierDir = registry.find(classifierName);
        try (NDManager manager = common.newManager();
                Generator g = registry.family(dir).load(dir, manager);
                ClassifierModel classifier = ClassifierModel.load(classifierDir, manager)) {
            if (real != null && (perClass || promptSet != null)) {
                throw new UsageException("--real scores against one folder; --per-class and --prompt-set use the "
                        + "classifier's reference by class");
            }
            ReferenceStatistics ref = reference(classifierDir, classifier);
            if (perClass) {
                return perClass(dir, g, classifier, classifierDir);
            }
            if (promptSet != null) {
                return promptSet(dir, g, classifier);
            }
            Map<String, String> options = new java.util.LinkedHashMap<>();
            if (prompt != null || negative != null) {
                options.put(dev.genlab.model.GenerationRecord.PROMPT, prompt == null ? "" : prompt);
                if (negative != null) {
                    options.put(dev.genlab.model.GenerationRecord.NEGATIVE_PROMPT, negative);
                }
                options = g.resolveOptions(options);
            }
            Integer cls = ClassArg.resolve(className, g.classNames(), dir.name());
            String expectName = expect != null ? expect : (cls != null ? g.classNames().get(cls) : null);
            Integer expected = expectName == null ? null
                    : ClassArg.resolve(expectName, classifier.classNames(), classifierDir.name());
            var settings = new ImageGeneration.Settings(n, seed, cls, temperature, samplerOptions.resolve(g), batch,
                    common.device, common.threadCount(), options);
            List<Image> images = new ArrayList<>();
            long t0 = System.nanoTime();
            ImageGeneration.run(g, settings, b -> b.forEach(x -> images.add(x.image())));
            double genSeconds = (System.nanoTime() - t0) / 1e9;
            ClassifierModel.Outputs out = classifier.run(images);
            QualityMetrics q = QualityMetrics.of(out, ref, expected, seed);
            writeRows(out);
            fdInfinity = dev.genlab.metrics.FdInfinity.compute(out.features(), ref.test(), seed);
            print(dir.name(), q, QualityMetrics.floor(ref, q.count(), seed), expectName, genSeconds);
        }
        return 0;
    }

    /** The quality of a folder of images against the classifier's reference statistics. */
    private int scoreFolder() throws Exception {
        ModelRegistry registry = common.registry();
        ModelDirectory classifierDir = registry.find(classifierName);
        List<Image> read = readFolder(images, "--images", classifierDir);
        try (NDManager manager = common.newManager();
                ClassifierModel classifier = ClassifierModel.load(classifierDir, manager)) {
            ReferenceStatistics ref = reference(classifierDir, classifier);
            Integer expected = expect == null ? null
                    : ClassArg.resolve(expect, classifier.classNames(), classifierDir.name());
            ClassifierModel.Outputs out = classifier.run(read);
            QualityMetrics q = QualityMetrics.of(out, ref, expected, seed);
            writeRows(out);
            fdInfinity = dev.genlab.metrics.FdInfinity.compute(out.features(), ref.test(), seed);
            print(images.toString(), q, QualityMetrics.floor(ref, q.count(), seed), expect, Double.NaN);
        }
        return 0;
    }

    /**
     * The PNG and JPEG files of a folder (its files only, in name order), read at the classifier's size and
     * channels; at least 10, or a usage error.
     */
    private static List<Image> readFolder(Path folder, String option, ModelDirectory classifierDir) throws Exception {
        if (!java.nio.file.Files.isDirectory(folder)) {
            throw new GenlabException(option + " " + folder + " is not a folder");
        }
        List<Path> files;
        try (var s = java.nio.file.Files.list(folder)) {
            files = s.filter(java.nio.file.Files::isRegularFile).filter(ImageFiles::hasImageExtension).sorted().toList();
        }
        if (files.size() < 10) {
            throw new UsageException(option + " " + folder + " holds " + files.size() + " PNG/JPEG file(s); the "
                    + "metrics need at least 10");
        }
        var shape = classifierDir.manifest().image();
        List<Image> read = new ArrayList<>();
        for (Path f : files) {
            read.add(ImageFiles.read(f, shape.channels(), shape.height(), shape.width()));
        }
        return read;
    }

    /** The classifier's shipped reference, or with --real a folder's: every other image, the rest for the floor. */
    private ReferenceStatistics reference(ModelDirectory classifierDir, ClassifierModel classifier) throws Exception {
        if (real == null) {
            return ReferenceStatistics.read(classifierDir.path());
        }
        List<Image> all = readFolder(real, "--real", classifierDir);
        float[][] features = classifier.run(all).features();
        float[][] reference = new float[(features.length + 1) / 2][];
        float[][] floor = new float[features.length / 2][];
        for (int i = 0; i < features.length; i++) {
            if (i % 2 == 0) {
                reference[i / 2] = features[i];
            } else {
                floor[i / 2] = features[i];
            }
        }
        return new ReferenceStatistics(dev.genlab.metrics.FeatureStatistics.of(reference), reference, floor,
                real + " (" + features.length + " images: every other one the reference, the rest the floor)");
    }

    private void writeRows(ClassifierModel.Outputs out) {
        if (featuresOut != null) {
            NpyWriter.write(featuresOut, out.features());
        }
        if (probabilitiesOut != null) {
            NpyWriter.write(probabilitiesOut, out.probabilities());
        }
    }

    /** Prompt accuracy of a text-to-image model over a set of prompts, per class. */
    private int promptSet(ModelDirectory dir, Generator g, ClassifierModel classifier) throws Exception {
        List<PromptAccuracy.Prompt> prompts = switch (promptSet) {
            case "training" -> PromptAccuracy.trainingPrompts(classifier.classNames(), 3, seed);
            case "held-out" -> PromptAccuracy.heldOutPrompts(classifier.classNames());
            default -> throw new UsageException("--prompt-set must be training or held-out, got '" + promptSet + "'");
        };
        Map<String, String> extra = negative == null ? Map.of()
                : Map.of(dev.genlab.model.GenerationRecord.NEGATIVE_PROMPT, negative);
        g.resolveOptions(Map.of(dev.genlab.model.GenerationRecord.PROMPT, "")); // fails clearly for other models
        long t0 = System.nanoTime();
        PromptAccuracy.Result r = PromptAccuracy.measure(g, classifier, prompts, n, seed, samplerOptions.resolve(g),
                extra);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (json) {
            ObjectNode o = ModelDirectory.JSON.createObjectNode();
            o.put("model", dir.name());
            o.put("prompt_set", promptSet);
            o.put("prompts", prompts.size());
            o.put("samples", r.samples());
            o.put("prompt_accuracy", r.accuracy());
            o.set("per_class", ModelDirectory.JSON.valueToTree(r.perClass()));
            o.put("generation_seconds", seconds);
            System.out.println(ModelDirectory.JSON.writeValueAsString(o));
            return 0;
        }
        System.out.printf(Locale.ROOT, "model %s, %s prompts: %d prompts × %d samples, %.0f s%n", dir.name(), promptSet,
                prompts.size(), n, seconds);
        List<String[]> table = new ArrayList<>();
        table.add(new String[] {"CLASS", "SAMPLES CLASSIFIED AS THE PROMPT'S CLASS"});
        r.perClass().forEach((c, a) -> table.add(new String[] {c, String.format(Locale.ROOT, "%.3f", a)}));
        Table.print(System.out, table);
        System.out.printf(Locale.ROOT, "prompt accuracy %.3f over %d samples%n", r.accuracy(), r.samples());
        return 0;
    }

    /** Guided class accuracy of every class, next to the classifier's accuracy on real images of it. */
    private int perClass(ModelDirectory dir, Generator g, ClassifierModel classifier, ModelDirectory classifierDir)
            throws Exception {
        if (g.classNames().isEmpty()) {
            throw new UsageException("--per-class needs a class-conditional model; " + dir.name() + " is unconditional");
        }
        var metrics = classifierDir.manifest().metrics();
        ArrayNode rows = ModelDirectory.JSON.createArrayNode();
        List<String[]> table = new ArrayList<>();
        table.add(new String[] {"CLASS", "GENERATED → CLASSIFIED AS IT", "CLASSIFIER ON REAL TEST IMAGES"});
        double sum = 0;
        double min = 1;
        long t0 = System.nanoTime();
        for (int c = 0; c < g.classNames().size(); c++) {
            String name = g.classNames().get(c);
            Integer expected = ClassArg.resolve(name, classifier.classNames(), classifierDir.name());
            var settings = new ImageGeneration.Settings(n, seed, c, temperature, samplerOptions.resolve(g), batch,
                    common.device, common.threadCount());
            List<Image> images = new ArrayList<>();
            ImageGeneration.run(g, settings, b -> b.forEach(x -> images.add(x.image())));
            ClassifierModel.Outputs out = classifier.run(images);
            int hits = 0;
            for (int i = 0; i < images.size(); i++) {
                hits += out.predicted(i) == expected ? 1 : 0;
            }
            double share = hits / (double) images.size();
            sum += share;
            min = Math.min(min, share);
            Double real = metrics == null ? null : metrics.get("test_accuracy_" + name);
            ObjectNode row = rows.addObject();
            row.put("class", name);
            row.put("class_accuracy", share);
            if (real != null) {
                row.put("classifier_real_accuracy", real);
            }
            table.add(new String[] {name, String.format(Locale.ROOT, "%.3f", share),
                real == null ? "n/a" : String.format(Locale.ROOT, "%.3f", real)});
        }
        double mean = sum / g.classNames().size();
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (json) {
            ObjectNode o = ModelDirectory.JSON.createObjectNode();
            o.put("model", dir.name());
            o.put("n_per_class", n);
            o.put("seed", seed);
            o.put("mean_class_accuracy", mean);
            o.put("min_class_accuracy", min);
            o.set("classes", rows);
            o.put("generation_seconds", seconds);
            System.out.println(ModelDirectory.JSON.writeValueAsString(o));
            return 0;
        }
        System.out.printf(Locale.ROOT, "model %s, %d samples per class (seeds %d..%d), %.0f s%n", dir.name(), n, seed,
                seed + n - 1, seconds);
        Table.print(System.out, table);
        System.out.printf(Locale.ROOT, "mean %.3f, lowest %.3f%n", mean, min);
        return 0;
    }

    /** {@code source}: a model's name, or the folder of --images (then no generation time). */
    private void print(String source, QualityMetrics q, QualityMetrics.Floor floor, String expectName,
            double genSeconds) throws Exception {
        boolean folder = images != null;
        if (json) {
            ObjectNode o = ModelDirectory.JSON.createObjectNode();
            o.put(folder ? "images" : "model", source);
            o.put("n", q.count());
            o.put("seed", seed);
            o.put("fd_fmnist", q.fd());
            o.put("fd_fmnist_floor", floor.fd());
            if (!Double.isNaN(fdInfinity)) {
                o.put("fd_fmnist_infinity", fdInfinity);
            }
            o.put("reference", real != null ? real.toString() : "Fashion-MNIST test split (the classifier's)");
            o.put("kid", q.kid().mean());
            o.put("kid_std", q.kid().std());
            o.put("inception_score", q.is().mean());
            o.put("inception_score_std", q.is().std());
            o.put("precision", q.pr().precision());
            o.put("recall", q.pr().recall());
            if (q.classShare() != null) {
                o.put("expected_class", expectName);
                o.put("class_share", q.classShare());
            }
            if (!folder) {
                o.put("generation_seconds", genSeconds);
            }
            System.out.println(ModelDirectory.JSON.writeValueAsString(o));
            return;
        }
        if (folder) {
            System.out.printf(Locale.ROOT, "%d images from %s (grey by luma, 28x28, area-averaged where the size differs)%n",
                    q.count(), source);
        } else {
            System.out.printf(Locale.ROOT, "model %s, %d samples (seeds %d..%d), generated in %.1f s%n", source,
                    q.count(), seed, seed + q.count() - 1, genSeconds);
        }
        System.out.printf(Locale.ROOT, "  FD-FMNIST          %10.3f   (Fréchet distance in the classifier's features; lower is better)%n", q.fd());
        if (!Double.isNaN(fdInfinity)) {
            System.out.printf(Locale.ROOT, "  FD-FMNIST∞         %10.3f   (extrapolated to infinitely many samples from 8 "
                    + "subset sizes, Chong & Forsyth 2020: comparable across sample counts)%n", fdInfinity);
        }
        if (real != null) {
            System.out.printf(Locale.ROOT, "  against %s: every other image the reference, the others the floor%n",
                    real);
        }
        System.out.printf(Locale.ROOT, "  FD-FMNIST floor    %10.3f   (%d real %s: what real images score at this sample "
                + "size)%n", floor.fd(), floor.n(), real != null ? "images of the folder's other half against its "
                + "reference half" : "training images against the test split");
        System.out.printf(Locale.ROOT, "  KID                %10.5f ± %.5f (over %d subsets of %d)%n", q.kid().mean(),
                q.kid().std(), q.kid().subsets(), q.kid().subsetSize());
        System.out.printf(Locale.ROOT, "  Inception score    %10.3f ± %.3f (from the classifier's softmax; at most 10)%n",
                q.is().mean(), q.is().std());
        System.out.printf(Locale.ROOT, "  precision          %10.3f   (fidelity: share of samples on the real manifold)%n",
                q.pr().precision());
        System.out.printf(Locale.ROOT, "  recall             %10.3f   (diversity: share of real data the samples cover)%n",
                q.pr().recall());
        if (q.classShare() != null) {
            System.out.printf(Locale.ROOT, "  classified as %-12s %6.3f%n", expectName, q.classShare());
        }
        if (featuresOut != null) {
            System.out.println("features written to " + featuresOut);
        }
        if (probabilitiesOut != null) {
            System.out.println("probabilities written to " + probabilitiesOut);
        }
    }
}
