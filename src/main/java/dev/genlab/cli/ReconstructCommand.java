package dev.genlab.cli;

import ai.djl.ndarray.NDManager;
import dev.genlab.core.GenlabException;
import dev.genlab.core.OutputFiles;
import dev.genlab.core.UsageException;
import dev.genlab.data.Datasets;
import dev.genlab.data.Image;
import dev.genlab.data.ImageDataset;
import dev.genlab.data.ImageFiles;
import dev.genlab.data.png.ImageGrid;
import dev.genlab.data.png.PngWriter;
import dev.genlab.model.ClassArg;
import dev.genlab.model.Generator;
import dev.genlab.model.ModelRegistry;
import dev.genlab.model.Reconstructor;
import dev.genlab.modelstore.ImageShape;
import dev.genlab.modelstore.ModelDirectory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `genlab reconstruct MODEL IMAGES…`: encode → decode, with the error of each image. */
@Command(name = "reconstruct", mixinStandardHelpOptions = true,
        description = "Encode and decode images with an autoencoder; print each image's MSE and PSNR.")
final class ReconstructCommand implements Callable<Integer> {

    private static final int BATCH = 256;

    @Parameters(index = "0", paramLabel = "MODEL")
    String model;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "IMAGE", description = "PNG or JPEG files (scaled to the "
            + "model's size).")
    List<Path> images = new ArrayList<>();

    @Option(names = "--test-split", paramLabel = "N", description = "Reconstruct the first N images of the dataset's "
            + "test split instead (their classes are known), and report the mean.")
    Integer testSplit;

    @Option(names = "--data", paramLabel = "DIR", description = "Dataset for --test-split (default: Fashion-MNIST).")
    Path data;

    @Option(names = "--class", paramLabel = "CLASS", description = "Class of the images (default: the model infers it).")
    String className;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: outputs/MODEL-reconstruct).")
    Path out;

    @Option(names = "--overwrite", description = "Replace existing files instead of numbering new ones.")
    boolean overwrite;

    @Option(names = "--tile", paramLabel = "PIXELS", description = "Stable Diffusion's VAE: encode and decode in "
            + "overlapping tiles of this side (e.g. 512) to bound memory on large images; tiles blend linearly where "
            + "they overlap, and the result differs slightly from the whole image's. 0: whole images (the default).")
    int tile;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        if (images.isEmpty() == (testSplit == null)) {
            throw new GenlabException("give image files or --test-split N (one of the two)");
        }
        ModelRegistry registry = common.registry();
        ModelDirectory dir = registry.find(model);
        try (NDManager manager = common.newManager();
                Generator g = registry.family(dir).load(dir, manager)) {
            if (!(g instanceof Reconstructor r)) {
                throw new GenlabException("model " + dir.name() + " (" + dir.manifest().family()
                        + ") cannot reconstruct images; autoencoders can (e.g. vae)");
            }
            ImageShape shape = dir.manifest().image();
            Integer cls = ClassArg.resolve(className, g.classNames(), dir.name());
            return testSplit != null ? testSplit(r, g, shape, cls) : files(r, g, shape, cls);
        }
    }

    private int files(Reconstructor r, Generator g, ImageShape shape, Integer cls) {
        List<Image> inputs = new ArrayList<>();
        for (Path p : images) {
            Image raw = ImageFiles.read(p);
            ImageShape s = r.inputShape(raw.width(), raw.height(), shape);
            inputs.add(ImageFiles.read(p, s.channels(), s.height(), s.width()));
        }
        List<Reconstructor.Reconstruction> recs = r.reconstruct(inputs, cls, tile);
        OutputFiles files = new OutputFiles(out != null ? out : Path.of("outputs", g.model().name() + "-reconstruct"),
                overwrite);
        System.out.printf("%-40s %-14s %10s %9s  %s%n", "IMAGE", "CLASS", "MSE", "PSNR dB", "OUTPUT");
        double mseSum = 0;
        double psnrSum = 0;
        for (int i = 0; i < recs.size(); i++) {
            Reconstructor.Reconstruction rec = recs.get(i);
            String stem = images.get(i).getFileName().toString().replaceFirst("\\.[^.]+$", "");
            byte[] png = PngWriter.encode(rec.output(), List.of());
            Path written = files.write(stem + "-recon", ".png", o -> o.write(png));
            String c = rec.classIndex() == null ? "-" : g.classNames().get(rec.classIndex()) + (rec.classInferred() ? "*" : "");
            System.out.printf(Locale.ROOT, "%-40s %-14s %10.5f %9.2f  %s%n", images.get(i), c, rec.mse(), rec.psnr(), written);
            mseSum += rec.mse();
            psnrSum += rec.psnr();
        }
        summary(recs.size(), mseSum, psnrSum);
        if (recs.stream().anyMatch(Reconstructor.Reconstruction::classInferred)) {
            System.out.println("* class inferred by the model (the class with the best ELBO)");
        }
        writeComparison(files, recs, g.model().name());
        return 0;
    }

    private int testSplit(Reconstructor r, Generator g, ImageShape shape, Integer cls) {
        if (testSplit < 1) {
            throw new UsageException("--test-split must be at least 1, got " + testSplit);
        }
        ImageDataset test = Datasets.load(data, shape.channels(), shape.height(), shape.width()).test();
        int n = Math.min(testSplit, test.size());
        double mseSum = 0;
        double psnrSum = 0;
        List<Reconstructor.Reconstruction> firstBatch = null;
        for (int from = 0; from < n; from += BATCH) {
            int to = Math.min(n, from + BATCH);
            List<Image> inputs = new ArrayList<>();
            for (int i = from; i < to; i++) {
                inputs.add(test.image(i));
            }
            // The split's labels are known: pass them class by class unless the user fixed one.
            List<Reconstructor.Reconstruction> recs = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                Integer c = cls != null ? cls : (g.classNames().isEmpty() ? null : test.labels()[from + i]);
                recs.addAll(r.reconstruct(List.of(inputs.get(i)), c));
            }
            for (var rec : recs) {
                mseSum += rec.mse();
                psnrSum += rec.psnr();
            }
            if (firstBatch == null) {
                firstBatch = recs;
            }
        }
        System.out.println("test split: " + test.source());
        summary(n, mseSum, psnrSum);
        OutputFiles files = new OutputFiles(out != null ? out : Path.of("outputs", g.model().name() + "-reconstruct"),
                overwrite);
        writeComparison(files, firstBatch.subList(0, Math.min(16, firstBatch.size())), g.model().name());
        return 0;
    }

    private static void summary(int n, double mseSum, double psnrSum) {
        System.out.printf(Locale.ROOT, "mean over %d image(s): MSE %.5f, PSNR %.2f dB (mean of per-image PSNR), "
                + "%.2f dB (from mean MSE)%n", n, mseSum / n, psnrSum / n, 10 * Math.log10(n / mseSum));
    }

    /** Inputs on the top row, reconstructions below; images of different sizes get a pair each. */
    private static void writeComparison(OutputFiles files, List<Reconstructor.Reconstruction> recs, String model) {
        boolean sameSize = recs.stream().map(r -> r.input().width() + "x" + r.input().height()).distinct().count() == 1;
        if (!sameSize) {
            for (int i = 0; i < recs.size(); i++) {
                byte[] png = PngWriter.encode(ImageGrid.of(List.of(recs.get(i).input(), recs.get(i).output()), 2),
                        List.of());
                Path p = files.write(model + "-comparison-" + (i + 1), ".png", o -> o.write(png));
                System.out.println("comparison (input left, reconstruction right): " + p);
            }
            return;
        }
        List<Image> cells = new ArrayList<>();
        recs.forEach(r -> cells.add(r.input()));
        recs.forEach(r -> cells.add(r.output()));
        byte[] png = PngWriter.encode(ImageGrid.of(cells, recs.size()), List.of());
        Path p = files.write(model + "-comparison", ".png", o -> o.write(png));
        System.out.println("comparison (inputs above, reconstructions below): " + p);
    }
}
