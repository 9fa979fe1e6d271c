package dev.genlab.data;

import dev.genlab.core.AtomicFiles;
import dev.genlab.core.GenlabException;
import dev.genlab.core.Printable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a little-endian float32 array from a NumPy .npy file (what genlab's peers write). */
public final class NpyReader {

    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    /** The values, flat in C order, and the shape. */
    public record Array(long[] shape, float[] values) {}

    private NpyReader() {}

    public static Array read(Path file) {
        return parse(AtomicFiles.read(file, ".npy file"), file.toString());
    }

    /**
     * The array {@code name} of a .npz archive (numpy.savez's zip of .npy files), e.g. NVIDIA's projected_w.npz
     * and its 'w'.
     */
    public static Array readNpz(Path file, String name) {
        byte[] bytes = AtomicFiles.read(file, ".npz file");
        try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(
                new java.io.ByteArrayInputStream(bytes))) {
            for (java.util.zip.ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (e.getName().equals(name + ".npy")) {
                    return parse(zip.readAllBytes(), file + "'s " + name);
                }
            }
        } catch (java.io.IOException e) {
            throw new GenlabException(file + " is not a .npz archive (" + e.getMessage() + ")");
        }
        throw new GenlabException(file + " holds no array '" + name + "': give a .npz archive with one (what "
                + "numpy.savez(path, " + name + "=...) and genlab project write)");
    }

    private static Array parse(byte[] bytes, String file) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 12 || (b.get(0) & 0xFF) != 0x93 || b.get(1) != 'N') {
            throw new GenlabException(file + " is not a .npy file");
        }
        int major = b.get(6);
        if (major < 1 || major > 3) {
            throw new GenlabException(file + " is a .npy file of version " + major + ", which genlab does not read");
        }
        long headerLen = major == 1 ? Short.toUnsignedInt(b.getShort(8)) : Integer.toUnsignedLong(b.getInt(8));
        int start = major == 1 ? 10 : 12;
        if (start + headerLen > b.capacity()) {
            throw new GenlabException(file + " is damaged: its header claims " + headerLen + " bytes, the file has "
                    + (b.capacity() - start));
        }
        String header = new String(b.array(), start, (int) headerLen, StandardCharsets.US_ASCII);
        if (!header.contains("'descr': '<f4'") || header.contains("'fortran_order': True")) {
            throw new GenlabException(file + ": only C-ordered little-endian float32 is supported ("
                    + Printable.of(header.trim(), 80) + ")");
        }
        Matcher m = SHAPE.matcher(header);
        if (!m.find()) {
            throw new GenlabException(file + ": no shape in the header");
        }
        long count = 1;
        java.util.List<Long> shape = new java.util.ArrayList<>();
        for (String d : m.group(1).split(",")) {
            if (!d.isBlank()) {
                long dim;
                try {
                    dim = Long.parseLong(d.trim());
                } catch (NumberFormatException e) {
                    throw new GenlabException(file + " is damaged: shape entry '" + Printable.of(d.trim(), 20)
                            + "' is not a number");
                }
                if (dim < 0 || (dim > 0 && count > Integer.MAX_VALUE / dim)) {
                    throw new GenlabException(file + " is damaged: its shape (" + Printable.of(m.group(1), 60)
                            + ") is negative or larger than genlab reads");
                }
                shape.add(dim);
                count *= dim;
            }
        }
        long dataBytes = b.capacity() - start - headerLen;
        if (count * 4 != dataBytes) {
            throw new GenlabException(file + " is damaged: its shape needs " + count * 4 + " bytes of data, it has "
                    + dataBytes);
        }
        b.position((int) (start + headerLen));
        float[] v = new float[(int) count];
        b.asFloatBuffer().get(v);
        return new Array(shape.stream().mapToLong(Long::longValue).toArray(), v);
    }
}
