package dev.genlab.checkpoint;

import dev.genlab.core.GenlabException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleUtils;

/**
 * The restricted unpickler for plain pickles of whole networks, as NVIDIA's StyleGAN2-ADA and StyleGAN3 write
 * them ({@code pickle.dump} of a dict of modules). Beyond the tensor globals it knows what those files hold,
 * and builds each itself without running anything: {@code torch_utils.persistence._reconstruct_persistent_obj}
 * (a module pickled with its Python source, which is never run: its class name and state are kept), dnnlib's
 * EasyDict (a dict), numpy's float64 scalars and dtypes, Python sets, and torch's
 * {@code torch.storage._load_from_bytes} (a tensor storage as a nested legacy torch.save, located in the file,
 * not read). Bytes objects are located in the file rather than copied: a 360 MB pickle is parsed in a few MB.
 */
final class NetworkPickleUnpickler extends RestrictedUnpickler {

    /** How much of a pickled bytes object is read: a storage blob's header, or all of a small value. */
    static final int HEAD = 64 * 1024;

    /** A pickled bytes object: where it lies in the file, its length, and its first bytes (all, if short). */
    record FileBytes(long offset, long length, byte[] head) {}

    /** A module pickled through torch_utils.persistence: its class name and its __dict__. */
    record PersistentObject(String className, Map<?, ?> state) {}

    /** numpy's dtype, e.g. "f8"; its BUILD state (byte order and the like) is ignored. */
    record NumpyDType(String code) {}

    private final CountingInput in;
    private final Path file;

    NetworkPickleUnpickler(CountingInput in, Path file) {
        super((key, dtype, elements) -> {
            throw new GenlabException("checkpoint " + file + " refers to a tensor storage outside a torch blob; "
                    + "it is not a network pickle genlab reads");
        });
        this.in = in;
        this.file = file;
    }

    @Override
    protected Object dispatch(short key) throws IOException {
        if (key == Opcodes.BINBYTES || key == Opcodes.BINBYTES8) {
            checkLength(key == Opcodes.BINBYTES ? 4 : 8);
        }
        long length;
        switch (key) {
            case Opcodes.SHORT_BINBYTES -> length = PickleUtils.readbyte(input) & 0xff;
            case Opcodes.BINBYTES -> length = Integer.toUnsignedLong(PickleUtils.bytes_to_integer(
                    PickleUtils.readbytes(input, 4)));
            case Opcodes.BINBYTES8 -> length = PickleUtils.bytes_to_long(PickleUtils.readbytes(input, 8), 0);
            default -> {
                return super.dispatch(key);
            }
        }
        if (length < 0) {
            throw new GenlabException("checkpoint " + file + " is damaged: a bytes object of negative length");
        }
        long offset = in.position();
        byte[] head = input.readNBytes((int) Math.min(length, HEAD));
        if (head.length < Math.min(length, HEAD)) {
            throw new IOException("premature end of file");
        }
        in.skipExactly(length - head.length);
        stack.add(new FileBytes(offset, length, head));
        return NO_RETURN_VALUE;
    }

    @Override
    protected boolean acceptsState(Object target) {
        return target instanceof NumpyDType;
    }

    @Override
    protected Object resolve(String module, String name) {
        switch (module + "." + name) {
            case "torch_utils.persistence._reconstruct_persistent_obj" -> {
                return (IObjectConstructor) args -> persistent(args[0]);
            }
            case "dnnlib.util.EasyDict" -> {
                return (IObjectConstructor) args -> new LinkedHashMap<>();
            }
            case "torch.storage._load_from_bytes" -> {
                return (IObjectConstructor) args -> LegacyStorageBlob.read((FileBytes) args[0], file);
            }
            case "numpy.dtype" -> {
                return (IObjectConstructor) args -> new NumpyDType(String.valueOf(args[0]));
            }
            case "numpy.core.multiarray.scalar", "numpy._core.multiarray.scalar" -> {
                return (IObjectConstructor) NetworkPickleUnpickler::numpyScalar;
            }
            case "builtins.set", "builtins.frozenset", "__builtin__.set" -> {
                return (IObjectConstructor) args -> args.length == 0 ? new LinkedHashSet<>()
                        : new LinkedHashSet<>(items(args[0]));
            }
            default -> {
                if (module.startsWith("dnnlib.tflib")) {
                    throw new GenlabException("not supported yet: " + file + " is a TensorFlow StyleGAN pickle (it "
                            + "holds " + module + "." + name + "); convert it to a PyTorch pickle with NVIDIA's "
                            + "stylegan2-ada-pytorch legacy.py first");
                }
                return super.resolve(module, name);
            }
        }
    }

    private static PersistentObject persistent(Object meta) {
        if (!(meta instanceof Map<?, ?> m) || !"class".equals(m.get("type")) || !(m.get("state") instanceof Map<?, ?> state)) {
            throw refused("a persistent object that is not a class instance with a state");
        }
        return new PersistentObject(String.valueOf(m.get("class_name")), state);
    }

    /** A numpy scalar from its dtype and raw bytes: float64 (the gains NVIDIA's layers keep), float32 or an int. */
    private static Object numpyScalar(Object[] args) {
        if (args.length < 2 || !(args[0] instanceof NumpyDType type)) {
            throw refused("a numpy scalar without a dtype");
        }
        byte[] raw = args[1] instanceof FileBytes b ? b.head() : args[1] instanceof byte[] a ? a : new byte[0];
        ByteBuffer v = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        return switch (type.code()) {
            case "f8" -> raw.length == 8 ? v.getDouble() : null;
            case "f4" -> raw.length == 4 ? (double) v.getFloat() : null;
            case "i8" -> raw.length == 8 ? v.getLong() : null;
            case "i4" -> raw.length == 4 ? (long) v.getInt() : null;
            case "b1" -> raw.length == 1 ? raw[0] != 0 : null;
            default -> type.code(); // kept as its type's name: no network setting genlab reads is of another type
        };
    }

    private static Collection<?> items(Object o) {
        if (o instanceof Collection<?> c) {
            return c;
        }
        if (o instanceof Object[] a) {
            return List.of(a);
        }
        throw refused("a set built from a " + o.getClass().getSimpleName());
    }
}
