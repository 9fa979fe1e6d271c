package dev.genlab.data.safetensors;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A named tensor as stored in a safetensors file: element type, shape and little-endian bytes.
 * Independent of any engine, so that files can be checked and converted without one.
 */
public record Tensor(String name, DType dtype, long[] shape, byte[] data) implements TensorData {

    public Tensor {
        long n = elementCount(shape);
        if (n * dtype.bytes() != data.length) {
            throw new IllegalArgumentException("tensor " + name + ": shape " + Arrays.toString(shape) + " of "
                    + dtype + " needs " + n * dtype.bytes() + " bytes, got " + data.length);
        }
    }

    public static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    public long elementCount() {
        return elementCount(shape);
    }

    /** Stores floats as F32, F16 or BF16. */
    public static Tensor ofFloats(String name, long[] shape, float[] values, DType dtype) {
        ByteBuffer b = ByteBuffer.allocate(values.length * dtype.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            switch (dtype) {
                case F32 -> b.putFloat(v);
                case F16 -> b.putShort(HalfFloat.floatToFp16(v));
                case BF16 -> b.putShort(HalfFloat.floatToBf16(v));
                case F64 -> b.putDouble(v);
                default -> throw new IllegalArgumentException("not a float type: " + dtype);
            }
        }
        return new Tensor(name, dtype, shape.clone(), b.array());
    }

    public static Tensor ofLongs(String name, long[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        return new Tensor(name, DType.I64, new long[] {values.length}, b.array());
    }

    /** Whether a float tensor holds NaN or an infinity (see {@link TensorData#hasNonFinite}). */
    public boolean hasNonFinite() {
        return TensorData.hasNonFinite(ByteBuffer.wrap(data), dtype, elementCount());
    }

    @Override
    public void copyTo(ByteBuffer out) {
        out.put(data);
    }

    /** The values as floats, widening F16/BF16 and narrowing F64; integer types are converted too. */
    public float[] toFloats() {
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        int n = (int) elementCount();
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = switch (dtype) {
                case F32 -> b.getFloat();
                case F16 -> HalfFloat.fp16ToFloat(b.getShort());
                case BF16 -> HalfFloat.bf16ToFloat(b.getShort());
                case F64 -> (float) b.getDouble();
                case I64 -> b.getLong();
                case I32 -> b.getInt();
                case I16 -> b.getShort();
                case I8 -> b.get();
                case U8, BOOL -> b.get() & 0xFF;
            };
        }
        return out;
    }

    public long[] toLongs() {
        if (dtype != DType.I64) {
            throw new IllegalStateException("tensor " + name + " is " + dtype + ", not I64");
        }
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        long[] out = new long[(int) elementCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.getLong();
        }
        return out;
    }
}
