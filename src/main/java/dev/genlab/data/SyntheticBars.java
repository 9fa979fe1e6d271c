package dev.genlab.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * A tiny Fashion-MNIST look-alike written as IDX files: class k (of 10) is a bright vertical bar at a
 * position set by k, over a little pattern noise. Easy to learn, so a few training steps show the loss
 * falling; used where genlab must train without installed data (the self-check, the tests).
 */
public final class SyntheticBars {

    private SyntheticBars() {}

    /** Writes train ({@code trainCount} images) and t10k ({@code testCount}) IDX files into {@code dir}. */
    public static Path write(Path dir, int trainCount, int testCount) {
        try {
            Files.createDirectories(dir);
            write(dir, "train", trainCount, 1);
            write(dir, "t10k", testCount, 2);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path dir, String prefix, int n, int salt) throws IOException {
        byte[] images = new byte[n * 784];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            int k = i % 10;
            labels[i] = (byte) k;
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    boolean bar = x >= 2 + 2 * k && x < 5 + 2 * k && y >= 4 && y < 24;
                    int noise = ((x * 31 + y * 17 + i * 7 + salt) % 13) * 3;
                    images[i * 784 + y * 28 + x] = (byte) (bar ? 220 + noise / 3 : noise);
                }
            }
        }
        Files.write(dir.resolve(prefix + "-images-idx3-ubyte.gz"), gzip(idx(new int[] {n, 28, 28}, images)));
        Files.write(dir.resolve(prefix + "-labels-idx1-ubyte"), idx(new int[] {n}, labels));
    }

    /** IDX bytes for unsigned-byte data with the given dimensions. */
    public static byte[] idx(int[] dims, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(0);
        out.write(0x08);
        out.write(dims.length);
        for (int d : dims) {
            out.write(d >>> 24);
            out.write(d >>> 16);
            out.write(d >>> 8);
            out.write(d);
        }
        out.writeBytes(data);
        return out.toByteArray();
    }

    public static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (OutputStream g = new GZIPOutputStream(b)) {
            g.write(raw);
        }
        return b.toByteArray();
    }
}
