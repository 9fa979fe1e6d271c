package dev.genlab.cli;

import ai.djl.ndarray.NDManager;
import dev.genlab.catalog.Catalog;
import dev.genlab.core.AtomicFiles;
import dev.genlab.core.GenlabException;
import dev.genlab.core.OutputFiles;
import dev.genlab.core.UsageException;
import dev.genlab.data.Image;
import dev.genlab.data.png.ImageGrid;
import dev.genlab.data.png.PngReader;
import dev.genlab.data.png.PngWriter;
import dev.genlab.model.GenerationRecord;
import dev.genlab.model.ClassArg;
import dev.genlab.model.Generator;
import dev.genlab.model.ImageGeneration;
import dev.genlab.model.ModelRegistry;
import dev.genlab.modelstore.ModelDirectory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `genlab generate MODEL`: images from seeds, each PNG carrying its parameters. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Generate images with an installed model.",
            "Image i of a run gets seed SEED+i, recorded in its PNG with every other setting; "
                    + "`genlab generate --from IMAGE.png` makes the same image again."})
final class GenerateCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL", description = "Model name (see `genlab models`) or folder.")
    String model;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PROMPT", description = "Text-to-image models: what to "
            + "draw, e.g. \"a pair of sneakers\" (\"\" asks for an unconditional image).")
    String prompt;

    @Option(names = "--n", defaultValue = "16", description = "Number of images (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--seed", description = "Seed of the first image (default: random, and printed).")
    Long seed;

    @Option(names = "--class", paramLabel = "CLASS", description = "Class to generate (name or index); "
            + "default: each image's seed picks one.")
    String className;

    @Option(names = "--temperature", defaultValue = "1.0", description = "Scale of the prior noise (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--batch", defaultValue = "1", description = "Images computed together (default: ${DEFAULT-VALUE}: "
            + "each alone, so any one image can be reproduced by itself).")
    int batch;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: outputs/MODEL).")
    Path out;

    @Option(names = "--grid", description = "Also write a contact sheet of all images.")
    boolean grid;

    @Option(names = "--show-steps", description = "Diffusion models: also write, for each image, a strip of the "
            + "model's estimate of the finished image as sampling goes.")
    boolean showSteps;

    @Option(names = "--overwrite", description = "Replace existing files instead of numbering new ones.")
    boolean overwrite;

    @Option(names = "--from", paramLabel = "IMAGE.png", description = "Make the image described by a genlab PNG again.")
    Path from;

    @Option(names = {"-P", "--param"}, paramLabel = "NAME=VALUE", description = "A model's own setting by name, "
            + "e.g. -P zoom=40 -P colormap=magma for a procedural generator (repeatable; `genlab models` lists them).")
    Map<String, String> params = new java.util.LinkedHashMap<>();

    @Mixin
    SamplerOptions samplerOptions = new SamplerOptions();

    @Mixin
    CommonOptions common;

    @Mixin
    RunDatabaseOption runDatabase = new RunDatabaseOption();

    /** Holds the options the families added ({@link FamilyOptions}). */
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (from != null) {
            return reproduce();
        }
        if (model == null) {
            throw new GenlabException("name a model (see `genlab models`), or pass --from IMAGE.png");
        }
        ModelRegistry registry = common.registry();
        ModelDirectory dir = registry.find(model);
        long first = seed != null ? seed : new java.security.SecureRandom().nextLong(ImageGeneration.MAX_SEED - n + 1);
        try (NDManager manager = common.newManager();
                Generator loaded = registry.family(dir).load(dir, manager);
                RunRecorder runs = new RunRecorder(runDatabase)) {
            StepRecorder recorder = showSteps ? new StepRecorder(loaded) : null;
            Generator g = recorder != null ? recorder : StepProgress.wanted(loaded) ? new StepProgress(loaded, n)
                    : loaded;
            Integer cls = ClassArg.resolve(className, g.classNames(), dir.name());
            Map<String, String> given = new java.util.LinkedHashMap<>(params);
            putIfSet(given, "prompt", prompt);
            FamilyOptions.keys(Catalog.families()).forEach((flag, key) -> {
                OptionSpec option = spec.findOption(flag);
                putIfSet(given, key, option == null ? null : option.getValue());
            });
            var settings = new ImageGeneration.Settings(n, first, cls, temperature, samplerOptions.resolve(g),
                    batch, common.device, common.threadCount(), g.resolveOptions(given));
            OutputFiles files = new OutputFiles(out != null ? out : Path.of("outputs", dir.name()), overwrite);
            if (grid) {
                checkGridFits(settings, dir);
            }
            List<Image> images = new ArrayList<>();
            List<Path> written = new ArrayList<>();
            long t0 = System.nanoTime();
            long[] batchStart = {t0};
            ImageGeneration.run(g, settings, batchDone -> batchDone.forEach(gen -> {
                double perImage = (System.nanoTime() - batchStart[0]) / 1e9 / batchDone.size();
                Path file = ImageGeneration.write(files, gen.image(), gen.record());
                written.add(file);
                runs.image(gen.record(), file, perImage);
                if (gen == batchDone.get(batchDone.size() - 1)) {
                    batchStart[0] = System.nanoTime();
                }
                if (grid) { // kept only for the contact sheet: 5000 large images would not fit otherwise
                    images.add(gen.image());
                }
                if (recorder != null) {
                    byte[] strip = PngWriter.encode(recorder.strip(gen.record().microBatch().position(), gen.image()),
                            List.of());
                    files.write(String.format("%s-%06d-steps", dir.name(), gen.record().seed()), ".png",
                            o -> o.write(strip));
                }
            }));
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("wrote %d image(s) to %s (seeds %d..%d, %.1f ms per image)%n", written.size(),
                    files.dir(), first, first + n - 1, seconds * 1000 / n);
            if (grid) {
                Image sheet = ImageGrid.of(images);
                byte[] png = PngWriter.encode(sheet, List.of());
                Path p = files.write(String.format("%s-grid-%06d", dir.name(), first), ".png", o -> o.write(png));
                System.out.println("grid: " + p);
            }
        }
        return 0;
    }

    /**
     * Refuses a --grid whose images and sheet would not fit in the JVM's memory, before anything is generated
     * (four 8192x8192 images ran out of memory after writing them all). The size is the one asked for (a
     * "size" setting) or the model's; three channels are assumed.
     */
    private static void checkGridFits(ImageGeneration.Settings s, ModelDirectory dir) {
        String size = s.options().get("size");
        int[] wh = size != null ? dev.genlab.model.SizeArg.parse(size)
                : new int[] {dir.manifest().image().width(), dir.manifest().image().height()};
        // a quarter more and half a gigabyte for what the model itself works in while it makes them
        long need = ImageGrid.bytes(s.n(), 3, wh[1], wh[0]) * 5 / 4 + (512L << 20);
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (need > free) {
            throw new GenlabException(String.format("--grid of %d %dx%d images needs %.1f GB of memory and %.1f GB "
                    + "is free: make fewer images, leave --grid out, or raise the heap (GENLAB_JAVA_OPTS=-Xmx…)",
                    s.n(), wh[0], wh[1], need / 1e9, free / 1e9));
        }
    }

    private static void putIfSet(Map<String, String> m, String key, String value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    /**
     * Makes an AUTOMATIC1111 image again with a genlab model the user names: its prompt, negative prompt,
     * seed, sampler, steps, guidance, size and clip skip; what genlab cannot honour is said in one line.
     */
    private int reproduceA1111(String name, String parameters) {
        if (model == null) {
            throw new UsageException(name + " was made by AUTOMATIC1111, whose model names are not genlab's: give the "
                    + "model, `genlab generate --from " + name + " MODEL`");
        }
        var parsed = spec.commandLine().getParseResult();
        for (String option : List.of("--n", "--seed", "--class", "--temperature", "--batch")) {
            if (parsed.hasMatchedOption(option)) {
                throw new UsageException("--from makes the recorded image again, so " + option + " does not apply");
            }
        }
        ModelRegistry registry = common.registry();
        ModelDirectory dir = registry.find(model);
        try (NDManager manager = common.newManager();
                Generator g = registry.family(dir).load(dir, manager);
                RunRecorder runs = new RunRecorder(runDatabase)) {
            if (!g.followsPrompts() || g.defaultSampler() == null) {
                throw new UsageException(name + " is a text-to-image image; model " + dir.name() + " takes no prompt");
            }
            var imported = dev.genlab.model.A1111Names.read(dev.genlab.data.png.A1111Parameters.parse(parameters),
                    g.defaultSampler());
            if (!imported.ignored().isEmpty()) {
                System.err.println("genlab: note: from " + name + ", not honoured: " + String.join("; ",
                        imported.ignored()));
            }
            var settings = new ImageGeneration.Settings(1, imported.seed(), null, 1.0, imported.sampler(), 1,
                    common.device, common.threadCount(), g.resolveOptions(imported.options()));
            OutputFiles files = new OutputFiles(out != null ? out : Path.of("outputs", dir.name()), overwrite);
            List<Path> written = new ArrayList<>();
            long t0 = System.nanoTime();
            ImageGeneration.run(g, settings, batch -> batch.forEach(gen -> {
                Path file = ImageGeneration.write(files, gen.image(), gen.record());
                written.add(file);
                runs.image(gen.record(), file, (System.nanoTime() - t0) / 1e9);
            }));
            System.out.println("wrote " + written.get(0) + " (seed " + imported.seed() + ", from " + name + ")");
        }
        return 0;
    }

    private int reproduce() {
        String name = from.toString();
        Map<String, String> texts = PngReader.texts(AtomicFiles.read(from, "image"), name);
        String json = texts.get("genlab");
        if (json == null && texts.containsKey("parameters")) {
            return reproduceA1111(name, texts.get("parameters"));
        }
        if (json == null) {
            throw new GenlabException(name + " has no genlab or AUTOMATIC1111 parameters (it was not made by genlab "
                    + "generate or A1111)");
        }
        GenerationRecord r = GenerationRecord.fromJson(json, name);
        r.checkSane(name);
        if (r.options() != null) {
            dev.genlab.model.TextToImageArgs.checkRecordedImages(r.options(), name);
        }
        var parsed = spec.commandLine().getParseResult();
        for (String option : List.of("--n", "--seed", "--class", "--temperature", "--batch")) {
            if (parsed.hasMatchedOption(option)) {
                throw new UsageException("--from makes the recorded image again, so " + option + " does not apply "
                        + "(the record fixes it); for new images use `genlab generate MODEL " + option + " …`");
            }
        }
        ModelRegistry registry = common.registry();
        if (model == null && !dev.genlab.core.SafeNames.isSafe(r.model())) {
            // a PNG names its model by registry name only: a path in it could load and write anywhere
            throw new GenlabException(name + " names its model by a path, not an installed model's name: give the "
                    + "model, `genlab generate --from " + name + " MODEL`");
        }
        ModelDirectory dir = registry.find(model != null ? model : r.model());
        if (!dir.manifest().family().equals(r.family())) {
            throw new UsageException(name + " was made by a " + r.family() + " model (" + r.model() + "); "
                    + dir.name() + " is a " + dir.manifest().family() + " model and cannot make it again");
        }
        if (r.weightsSha256() != null && !r.weightsSha256().equals(dir.weightsSha256())) {
            System.err.println("genlab: warning: model " + dir.name() + " has other weights than the ones that made "
                    + name + "; the image will differ");
        }
        try (NDManager manager = common.newManager();
                Generator g = registry.family(dir).load(dir, manager);
                RunRecorder runs = new RunRecorder(runDatabase)) {
            long t0 = System.nanoTime();
            Image image = ImageGeneration.reproduce(g, r);
            double seconds = (System.nanoTime() - t0) / 1e9;
            // the new file names the model that made it again, and where it ran, not what the old file said
            r = r.remadeBy(dir.name(), dir.manifest().family(), dir.weightsSha256(), common.device,
                    common.threadCount(), dev.genlab.core.Version.version(), dev.genlab.core.Version.commit());
            OutputFiles files = new OutputFiles(out != null ? out : Path.of("outputs", dir.name()), overwrite);
            Path p = ImageGeneration.write(files, image, r);
            runs.image(r, p, seconds);
            System.out.println("wrote " + p + " (seed " + r.seed() + ", from " + name + ")");
        }
        return 0;
    }
}
