package dev.genlab.data;

import dev.genlab.core.GenlabException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads an IDX file (the format of MNIST and Fashion-MNIST), plain or gzip-compressed. Only unsigned-byte
 * data is supported, which is what those datasets use. Every inconsistency is reported as a one-line
 * error naming the file; the data is checked before it is used.
 *
 * @param dims the dimensions from the header, e.g. (60000, 28, 28)
 * @param data the values, row-major, as unsigned bytes
 */
public record IdxFile(Path path, int[] dims, byte[] data) {

    private static final int UNSIGNED_BYTE = 0x08;
    /** Larger than any IDX dataset genlab reads; stops a gzip bomb from filling memory. */
    private static final long MAX_BYTES = 1L << 31;

    public int count() {
        return dims[0];
    }

    public int unsigned(int i) {
        return data[i] & 0xFF;
    }

    public static IdxFile read(Path path) {
        byte[] raw = readMaybeGzipped(path);
        if (raw.length < 4) {
            throw corrupt(path, "file is " + raw.length + " bytes, shorter than the 4-byte IDX header");
        }
        if (raw[0] != 0 || raw[1] != 0) {
            throw corrupt(path, String.format("bad magic number %02x %02x (an IDX file starts with 00 00)",
                    raw[0] & 0xFF, raw[1] & 0xFF));
        }
        int type = raw[2] & 0xFF;
        if (type != UNSIGNED_BYTE) {
            throw corrupt(path, String.format("data type 0x%02x is not supported (only unsigned bytes, 0x08)", type));
        }
        int ndims = raw[3] & 0xFF;
        if (ndims < 1 || ndims > 4) {
            throw corrupt(path, "header says " + ndims + " dimensions (expected 1 to 4)");
        }
        int headerLength = 4 + 4 * ndims;
        if (raw.length < headerLength) {
            throw corrupt(path, "file ends inside the header");
        }
        int[] dims = new int[ndims];
        long total = 1;
        for (int d = 0; d < ndims; d++) {
            int o = 4 + 4 * d;
            long v = ((raw[o] & 0xFFL) << 24) | ((raw[o + 1] & 0xFFL) << 16) | ((raw[o + 2] & 0xFFL) << 8)
                    | (raw[o + 3] & 0xFFL);
            if (v <= 0 || v > Integer.MAX_VALUE) {
                throw corrupt(path, "dimension " + d + " is " + v);
            }
            dims[d] = (int) v;
            total *= v;
        }
        long expected = headerLength + total;
        if (raw.length != expected) {
            throw corrupt(path, "header promises " + total + " values (" + expected + " bytes) but the file has "
                    + raw.length + " bytes");
        }
        byte[] data = new byte[(int) total];
        System.arraycopy(raw, headerLength, data, 0, data.length);
        return new IdxFile(path, dims, data);
    }

    private static byte[] readMaybeGzipped(Path path) {
        try (InputStream file = Files.newInputStream(path)) {
            InputStream in = file.markSupported() ? file : new java.io.BufferedInputStream(file);
            in.mark(2);
            int b0 = in.read();
            int b1 = in.read();
            in.reset();
            if (b0 == 0x1f && b1 == 0x8b) {
                in = new GZIPInputStream(in, 1 << 16);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
            byte[] buf = new byte[1 << 16];
            long n = 0;
            for (int r; (r = in.read(buf)) > 0; ) {
                n += r;
                if (n > MAX_BYTES) {
                    throw corrupt(path, "more than " + MAX_BYTES + " bytes of data");
                }
                out.write(buf, 0, r);
            }
            return out.toByteArray();
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw corrupt(path, "the gzip data is damaged (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new GenlabException("cannot read " + path + ": " + e.getMessage());
        }
    }

    private static GenlabException corrupt(Path path, String what) {
        return new GenlabException("corrupt IDX file " + path + ": " + what
                + " (reinstall the dataset, e.g. `apt-get install --reinstall dataset-fashion-mnist`)");
    }
}
