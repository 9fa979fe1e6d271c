package dev.genlab.data;

import dev.genlab.core.GenlabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A folder of PNG/JPEG images. Sub-folders name the classes (sorted by name); images directly in the
 * folder have no class. If the folder has {@code train/} and {@code test/} sub-folders they are the
 * splits; otherwise every tenth image (in sorted path order) is held out as the test split.
 */
final class ImageFolderDataset {

    private ImageFolderDataset() {}

    static Splits load(Path dir, int channels, int height, int width) {
        Path trainDir = dir.resolve("train");
        Path testDir = dir.resolve("test");
        if (Files.isDirectory(trainDir) && Files.isDirectory(testDir)) {
            List<String> classes = classNames(trainDir);
            return new Splits(read(trainDir, classes, channels, height, width, "images in " + trainDir),
                    read(testDir, classes, channels, height, width, "images in " + testDir));
        }
        List<String> classes = classNames(dir);
        ImageDataset all = read(dir, classes, channels, height, width, "images in " + dir);
        if (all.size() < 2) {
            throw new GenlabException("only " + all.size() + " image(s) in " + dir + ": need at least 2 to train");
        }
        List<Integer> trainIdx = new ArrayList<>();
        List<Integer> testIdx = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            (i % 10 == 9 ? testIdx : trainIdx).add(i);
        }
        if (testIdx.isEmpty()) {
            testIdx.add(trainIdx.remove(trainIdx.size() - 1));
        }
        return new Splits(select(all, trainIdx, all.source() + " (train)"),
                select(all, testIdx, all.source() + " (held out)"));
    }

    private static ImageDataset select(ImageDataset all, List<Integer> idx, String source) {
        int[] order = idx.stream().mapToInt(Integer::intValue).toArray();
        return new ImageDataset(all.channels(), all.height(), all.width(), all.gather(order, 0, order.length),
                all.gatherLabels(order, 0, order.length), all.classNames(), source);
    }

    /** The sub-folders that hold images: an empty folder is no class (it would be one no image has). */
    private static List<String> classNames(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).filter(ImageFolderDataset::holdsImages).map(p -> p.getFileName()
                    .toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new GenlabException("cannot list " + dir + ": " + e.getMessage());
        }
    }

    private static boolean holdsImages(Path folder) {
        try (Stream<Path> s = Files.walk(folder)) {
            return s.anyMatch(p -> Files.isRegularFile(p) && ImageFiles.hasImageExtension(p));
        } catch (IOException e) {
            throw new GenlabException("cannot list " + folder + ": " + e.getMessage());
        }
    }

    private static ImageDataset read(Path dir, List<String> classes, int channels, int height, int width,
            String source) {
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).filter(ImageFiles::hasImageExtension).sorted().toList()) {
                Path rel = dir.relativize(p);
                int label = rel.getNameCount() > 1 ? classes.indexOf(rel.getName(0).toString()) : -1;
                files.add(p);
                labels.add(label);
            }
        } catch (IOException e) {
            throw new GenlabException("cannot list " + dir + ": " + e.getMessage());
        }
        if (files.isEmpty()) {
            throw new GenlabException("no PNG or JPEG images in " + dir + " (" + FashionMnist.INSTALL_HINT + ")");
        }
        int n = channels * height * width;
        float[] px = new float[files.size() * n];
        for (int i = 0; i < files.size(); i++) {
            System.arraycopy(ImageFiles.read(files.get(i), channels, height, width).pixels(), 0, px, i * n, n);
        }
        return new ImageDataset(channels, height, width, px, labels.stream().mapToInt(Integer::intValue).toArray(),
                classes, source);
    }
}
