package dev.genlab;

import dev.genlab.data.SyntheticBars;
import java.io.IOException;
import java.nio.file.Path;

/** Small synthetic datasets written in the formats genlab reads, so tests need no installed data. */
public final class TestData {

    private TestData() {}

    /** IDX bytes for unsigned-byte data with the given dimensions. */
    public static byte[] idx(int[] dims, byte[] data) {
        return SyntheticBars.idx(dims, data);
    }

    public static byte[] gzip(byte[] raw) throws IOException {
        return SyntheticBars.gzip(raw);
    }

    /** Train/test IDX files of {@link SyntheticBars}: easy to learn, so a few steps show the loss falling. */
    public static Path fashionLike(Path dir, int trainCount, int testCount) {
        return SyntheticBars.write(dir, trainCount, testCount);
    }
}
