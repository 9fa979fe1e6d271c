package dev.genlab.checkpoint;

import dev.genlab.core.GenlabException;
import dev.genlab.data.safetensors.DType;
import dev.genlab.data.safetensors.SafeTensors;
import dev.genlab.data.safetensors.Tensor;
import dev.genlab.data.safetensors.TensorData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A tensor of a checkpoint file that has not been read: its element type, shape and where its little-endian
 * bytes lie in the file. Reading it copies those bytes alone.
 */
public record StoredTensor(String name, DType dtype, long[] shape, Path file, long offset, long length)
        implements TensorData {

    public StoredTensor {
        long expected = Tensor.elementCount(shape) * dtype.bytes();
        if (expected != length) {
            throw new GenlabException("checkpoint " + file + ": tensor '" + name + "' of shape "
                    + Arrays.toString(shape) + " needs " + expected + " bytes of " + dtype + ", the file gives "
                    + length);
        }
    }

    public long elementCount() {
        return Tensor.elementCount(shape);
    }

    /** The same bytes under another name (a key map between layouts). */
    public StoredTensor named(String newName) {
        return new StoredTensor(newName, dtype, shape, file, offset, length);
    }

    /** The same bytes with another shape of as many elements (a linear weight as a 1×1 convolution's). */
    public StoredTensor reshaped(long... newShape) {
        return new StoredTensor(name, dtype, newShape, file, offset, length);
    }

    /** Reads the bytes onto the Java heap. */
    public Tensor read() {
        if (length > Integer.MAX_VALUE - 16) {
            throw new GenlabException("checkpoint " + file + ": tensor '" + name + "' is over 2 GB, which genlab "
                    + "cannot read as one tensor");
        }
        ByteBuffer data = ByteBuffer.allocate((int) length);
        copyTo(data);
        return new Tensor(name, dtype, shape, data.array());
    }

    /** Reads the bytes from the file into {@code out} (a direct buffer takes them without a heap copy). */
    @Override
    public void copyTo(ByteBuffer out) {
        if (length > out.remaining()) {
            throw new GenlabException("checkpoint " + file + ": tensor '" + name + "' of " + length + " bytes does "
                    + "not fit the " + out.remaining() + " given");
        }
        ByteBuffer into = out.slice(out.position(), (int) length);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (offset + length > ch.size()) {
                throw new GenlabException("checkpoint " + file + " is truncated: tensor '" + name + "' ends at byte "
                        + (offset + length) + " of " + ch.size());
            }
            SafeTensors.readFully(ch, into, offset);
        } catch (IOException e) {
            throw new GenlabException("cannot read tensor '" + name + "' of " + file + ": " + e.getMessage());
        }
        out.position(out.position() + (int) length);
    }

    @Override
    public String toString() {
        return name + " " + dtype + " " + Arrays.toString(shape);
    }
}
