package dev.genlab.checkpoint;

import dev.genlab.core.GenlabException;
import dev.genlab.data.safetensors.DType;
import dev.genlab.data.safetensors.SafeTensors;
import dev.genlab.data.safetensors.Tensor;
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
public record StoredTensor(String name, DType dtype, long[] shape, Path file, long offset, long length) {

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

    /** Reads the bytes. */
    public Tensor read() {
        if (length > Integer.MAX_VALUE - 16) {
            throw new GenlabException("checkpoint " + file + ": tensor '" + name + "' is over 2 GB, which genlab "
                    + "cannot read as one tensor");
        }
        ByteBuffer data = ByteBuffer.allocate((int) length);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (offset + length > ch.size()) {
                throw new GenlabException("checkpoint " + file + " is truncated: tensor '" + name + "' ends at byte "
                        + (offset + length) + " of " + ch.size());
            }
            SafeTensors.readFully(ch, data, offset);
        } catch (IOException e) {
            throw new GenlabException("cannot read tensor '" + name + "' of " + file + ": " + e.getMessage());
        }
        return new Tensor(name, dtype, shape, data.array());
    }

    @Override
    public String toString() {
        return name + " " + dtype + " " + Arrays.toString(shape);
    }
}
