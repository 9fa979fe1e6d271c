package dev.genlab.data;

import java.util.List;

/**
 * Images of one size held in memory as floats in [0, 1], with integer labels.
 *
 * @param pixels     all images back to back, each channels-first: (N, C, H, W)
 * @param labels     class index of each image, or -1 where unlabelled
 * @param classNames names of the classes, index = label
 * @param source     where the data came from, for model cards
 */
public record ImageDataset(int channels, int height, int width, float[] pixels, int[] labels,
        List<String> classNames, String source) {

    public ImageDataset {
        long expected = (long) labels.length * channels * height * width;
        if (pixels.length != expected) {
            throw new IllegalArgumentException("pixel count " + pixels.length + " does not match "
                    + labels.length + " images of " + channels + "x" + height + "x" + width);
        }
        classNames = List.copyOf(classNames);
    }

    public int size() {
        return labels.length;
    }

    public int imageSize() {
        return channels * height * width;
    }

    public Image image(int i) {
        int n = imageSize();
        float[] px = new float[n];
        System.arraycopy(pixels, i * n, px, 0, n);
        return new Image(channels, height, width, px);
    }

    /** Copies the chosen images into one (B, C, H, W) array. */
    public float[] gather(int[] indices, int from, int to) {
        int n = imageSize();
        float[] out = new float[(to - from) * n];
        for (int k = from; k < to; k++) {
            System.arraycopy(pixels, indices[k] * n, out, (k - from) * n, n);
        }
        return out;
    }

    public int[] gatherLabels(int[] indices, int from, int to) {
        int[] out = new int[to - from];
        for (int k = from; k < to; k++) {
            out[k - from] = labels[indices[k]];
        }
        return out;
    }

    /** Consecutive images {@code from} to {@code to} − 1: their pixels (B, C, H, W) and labels. */
    public record Batch(int from, int to, float[] pixels, int[] labels) {
        public int size() {
            return to - from;
        }
    }

    /** The first {@code n} images (or all, if fewer) in order, {@code batchSize} at a time. */
    public void forEachBatch(int n, int batchSize, java.util.function.Consumer<Batch> each) {
        int count = Math.min(n, size());
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        for (int from = 0; from < count; from += batchSize) {
            int to = Math.min(count, from + batchSize);
            each.accept(new Batch(from, to, gather(order, from, to), gatherLabels(order, from, to)));
        }
    }

    /** The first {@code n} images (or all, if fewer). */
    public ImageDataset head(int n) {
        int k = Math.min(n, size());
        float[] px = new float[k * imageSize()];
        System.arraycopy(pixels, 0, px, 0, px.length);
        int[] lb = new int[k];
        System.arraycopy(labels, 0, lb, 0, k);
        return new ImageDataset(channels, height, width, px, lb, classNames, source + " (first " + k + ")");
    }
}
