package dev.genlab.data;

import dev.genlab.core.GenlabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds and reads the four IDX files of an MNIST-style dataset in a folder: training and test images
 * ({@code *idx3-ubyte}) and labels ({@code *idx1-ubyte}), each plain or {@code .gz}.
 */
final class IdxDataset {

    private IdxDataset() {}

    /** True when the folder holds at least one IDX image file. */
    static boolean looksLikeIdx(Path dir) {
        return !idxFiles(dir, "idx3").isEmpty();
    }

    static Splits load(Path dir) {
        Path trainImages = pick(dir, "idx3", true);
        Path trainLabels = pick(dir, "idx1", true);
        Path testImages = pick(dir, "idx3", false);
        Path testLabels = pick(dir, "idx1", false);
        String source = dir.toAbsolutePath().normalize().equals(FashionMnist.DEBIAN_PATH) ? "Fashion-MNIST"
                : "IDX files in " + dir;
        List<String> names = FashionMnist.CLASS_NAMES;
        ImageDataset train = read(trainImages, trainLabels, names, source + " (train)");
        ImageDataset test = read(testImages, testLabels, names, source + " (test)");
        if (train.height() != test.height() || train.width() != test.width()) {
            throw new GenlabException("IDX training and test images differ in size in " + dir);
        }
        return new Splits(train, test);
    }

    private static ImageDataset read(Path imagesPath, Path labelsPath, List<String> names, String source) {
        IdxFile images = IdxFile.read(imagesPath);
        IdxFile labels = IdxFile.read(labelsPath);
        if (images.dims().length != 3) {
            throw new GenlabException("IDX image file " + imagesPath + " has " + images.dims().length
                    + " dimensions; expected 3 (count, rows, columns)");
        }
        if (labels.dims().length != 1) {
            throw new GenlabException("IDX label file " + labelsPath + " has " + labels.dims().length
                    + " dimensions; expected 1");
        }
        if (images.count() != labels.count()) {
            throw new GenlabException(imagesPath.getFileName() + " holds " + images.count() + " images but "
                    + labelsPath.getFileName() + " holds " + labels.count() + " labels");
        }
        int n = images.count();
        int h = images.dims()[1];
        int w = images.dims()[2];
        float[] px = new float[n * h * w];
        for (int i = 0; i < px.length; i++) {
            px[i] = images.unsigned(i) / 255f;
        }
        int[] lb = new int[n];
        int maxLabel = 0;
        for (int i = 0; i < n; i++) {
            lb[i] = labels.unsigned(i);
            maxLabel = Math.max(maxLabel, lb[i]);
        }
        List<String> classNames = names;
        if (maxLabel >= names.size()) {
            classNames = new ArrayList<>();
            for (int c = 0; c <= maxLabel; c++) {
                classNames.add(String.valueOf(c));
            }
        }
        return new ImageDataset(1, h, w, px, lb, classNames, source);
    }

    private static Path pick(Path dir, String kind, boolean train) {
        List<Path> files = idxFiles(dir, kind);
        Optional<Path> hit = files.stream().filter(p -> isTrain(p) == train).findFirst();
        return hit.orElseThrow(() -> new GenlabException("no " + (train ? "training" : "test") + " "
                + (kind.equals("idx3") ? "image" : "label") + " file (*" + kind + "-ubyte[.gz], named train-* or "
                + "t10k-*/test-*) in " + dir));
    }

    private static boolean isTrain(Path p) {
        return p.getFileName().toString().toLowerCase().startsWith("train");
    }

    private static List<Path> idxFiles(Path dir, String kind) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> {
                        String n = p.getFileName().toString().toLowerCase();
                        return n.contains(kind + "-ubyte") || n.endsWith("." + kind);
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new GenlabException("cannot list " + dir + ": " + e.getMessage());
        }
    }
}
