package dev.genlab.data.safetensors;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A tensor's element type, shape and little-endian bytes, which it copies where the caller wants them: a
 * weight read from a checkpoint goes from the file straight into the engine's native buffer, never through
 * the Java heap (a 2 GB checkpoint read through byte arrays grew the heap by half a gigabyte of garbage).
 */
public interface TensorData {

    String name();

    DType dtype();

    long[] shape();

    /** The bytes: elements × the type's width. */
    default long byteLength() {
        return Tensor.elementCount(shape()) * dtype().bytes();
    }

    /** Copies the bytes into {@code out} from its position, which advances by {@link #byteLength()}. */
    void copyTo(ByteBuffer out);

    /**
     * Whether {@code n} float values of {@code dtype} from {@code b}'s position hold NaN or an infinity, read from
     * the stored bits (all exponent bits set) without converting a value; integer types never do. Eight bytes at a
     * time: a gigabyte of weights is checked in a fraction of a second.
     */
    static boolean hasNonFinite(ByteBuffer bytes, DType dtype, long n) {
        ByteBuffer b = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int at = b.position();
        long exponent = switch (dtype) { // a lane's exponent bits
            case F16 -> 0x7c00L;
            case BF16 -> 0x7f80L;
            case F32 -> 0x7f800000L;
            case F64 -> 0x7ff0000000000000L;
            default -> 0;
        };
        if (exponent == 0) {
            return false;
        }
        int width = dtype.bytes();
        long laneMask = 0;
        long ones = 0;
        for (int shift = 0; shift < 64; shift += 8 * width) {
            laneMask |= exponent << shift;
            ones |= 1L << shift;
        }
        long highs = ones << (8 * width - 1);
        int size = Math.toIntExact(n * width);
        int words = size / 8;
        for (int i = 0; i < words; i++) {
            // a lane whose exponent bits are all set becomes zero; then the classic test for a zero lane
            long x = (b.getLong(at + 8 * i) & laneMask) ^ laneMask;
            if (((x - ones) & ~x & highs) != 0) {
                return true;
            }
        }
        for (int off = words * 8; off < size; off += width) {
            long v = width == 2 ? b.getShort(at + off) : b.getInt(at + off);
            long mask = laneMask & (width == 2 ? 0xffffL : 0xffffffffL);
            if ((v & mask) == mask) {
                return true;
            }
        }
        return false;
    }
}
