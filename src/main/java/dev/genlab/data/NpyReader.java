package dev.genlab.data;

import dev.genlab.core.AtomicFiles;
import dev.genlab.core.GenlabException;
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
        ByteBuffer b = ByteBuffer.wrap(AtomicFiles.read(file, ".npy file")).order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 10 || (b.get(0) & 0xFF) != 0x93 || b.get(1) != 'N') {
            throw new GenlabException(file + " is not a .npy file");
        }
        int major = b.get(6);
        int headerLen = major == 1 ? Short.toUnsignedInt(b.getShort(8)) : b.getInt(8);
        int start = major == 1 ? 10 : 12;
        String header = new String(b.array(), start, headerLen, StandardCharsets.US_ASCII);
        if (!header.contains("'descr': '<f4'") || header.contains("'fortran_order': True")) {
            throw new GenlabException(file + ": only C-ordered little-endian float32 is supported (" + header.trim() + ")");
        }
        Matcher m = SHAPE.matcher(header);
        if (!m.find()) {
            throw new GenlabException(file + ": no shape in the header");
        }
        String[] dims = m.group(1).split(",");
        long count = 1;
        java.util.List<Long> shape = new java.util.ArrayList<>();
        for (String d : dims) {
            if (!d.isBlank()) {
                shape.add(Long.parseLong(d.trim()));
                count *= shape.get(shape.size() - 1);
            }
        }
        b.position(start + headerLen);
        float[] v = new float[(int) count];
        b.asFloatBuffer().get(v);
        return new Array(shape.stream().mapToLong(Long::longValue).toArray(), v);
    }
}
