package dev.genlab.checkpoint;

import dev.genlab.core.GenlabException;
import dev.genlab.core.Printable;
import dev.genlab.data.safetensors.DType;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * Reads the pickle of a PyTorch checkpoint without executing anything from it. A pickle names the Python
 * functions and classes that rebuild its objects ("globals"); Python's own unpickler imports and calls them,
 * which is how a hostile .ckpt runs code. This one knows a short list of globals and builds their data
 * itself (tensors as {@link StoredTensor} locations, ordered dicts as maps); any other global stops the read
 * with its name, before anything is built.
 */
class RestrictedUnpickler extends Unpickler {

    /** A storage a tensor views: its element type and where its bytes are. */
    record Storage(DType dtype, String key, long offset, long bytes) {}

    /** A torch storage class named by the pickle, e.g. torch.HalfStorage. */
    private record StorageType(DType dtype) {}

    /** An object that holds no tensors and whose state is ignored (PyTorch Lightning's callback records). */
    record Inert(String global) {}

    /** A tensor rebuilt from a storage, named when the dict that holds it is walked. */
    record TensorView(Storage storage, long elementOffset, long[] shape) {

        /** The tensor's bytes in {@code file}, under {@code name}; refused when they reach beyond the storage. */
        StoredTensor located(String name, java.nio.file.Path file) {
            long begin = elementOffset * storage.dtype().bytes();
            long length = dev.genlab.data.safetensors.Tensor.elementCount(shape) * storage.dtype().bytes();
            if (begin + length > storage.bytes()) {
                throw new GenlabException("checkpoint " + file + ": tensor '" + name + "' reaches beyond its "
                        + "storage; the file is damaged");
            }
            return new StoredTensor(name, storage.dtype(), shape, file, storage.offset() + begin, length);
        }
    }

    private static final Map<String, DType> STORAGES = Map.ofEntries(Map.entry("FloatStorage", DType.F32),
            Map.entry("HalfStorage", DType.F16), Map.entry("BFloat16Storage", DType.BF16),
            Map.entry("DoubleStorage", DType.F64), Map.entry("LongStorage", DType.I64),
            Map.entry("IntStorage", DType.I32), Map.entry("ShortStorage", DType.I16),
            Map.entry("CharStorage", DType.I8), Map.entry("ByteStorage", DType.U8),
            Map.entry("BoolStorage", DType.BOOL));

    /** Finds the bytes of a storage the pickle names by its key, element type and element count. */
    @FunctionalInterface
    interface StorageLocator {
        Storage locate(String key, DType dtype, long elements);
    }

    private final StorageLocator storages;
    /** Bytes the pickle has at most: no value in it can claim more (a damaged length would allocate gigabytes). */
    private long limit = Long.MAX_VALUE;
    private java.io.PushbackInputStream lengths;

    RestrictedUnpickler(StorageLocator storages) {
        this.storages = storages;
    }

    /** Reads a pickle of at most {@code size} bytes. */
    Object load(java.io.InputStream stream, long size) throws IOException {
        limit = size;
        return load(stream);
    }

    @Override
    public Object load(java.io.InputStream stream) throws IOException {
        lengths = new java.io.PushbackInputStream(stream, 8);
        return super.load(lengths);
    }

    /**
     * Refuses a value whose length (after its opcode, {@code bytes} little-endian) is beyond the pickle's size,
     * before the parser allocates it; otherwise puts the length back for the parser.
     */
    final void checkLength(int bytes) throws IOException {
        byte[] raw = lengths.readNBytes(bytes);
        long length = 0;
        for (int i = raw.length - 1; i >= 0; i--) {
            length = (length << 8) | (raw[i] & 0xff);
        }
        if (raw.length < bytes) {
            throw new GenlabException("the checkpoint's pickle is truncated: it ends inside a value; download or copy "
                    + "it again");
        }
        if (length < 0 || length > limit) {
            throw new GenlabException("the checkpoint's pickle is truncated or damaged: a value claims "
                    + Long.toUnsignedString(length) + " bytes, more than the file's " + limit + "; download or copy "
                    + "it again");
        }
        lengths.unread(raw);
    }

    @Override
    protected Object dispatch(short key) throws IOException {
        switch (key) {
            case Opcodes.BINUNICODE, Opcodes.BINSTRING, Opcodes.BINBYTES, Opcodes.LONG4 -> checkLength(4);
            case Opcodes.BINUNICODE8, Opcodes.BINBYTES8, Opcodes.BYTEARRAY8 -> checkLength(8);
            default -> { }
        }
        switch (key) {
            case Opcodes.GLOBAL -> {
                String module = PickleUtils.readline(input);
                String name = PickleUtils.readline(input);
                stack.add(resolve(module, name));
                return NO_RETURN_VALUE;
            }
            case Opcodes.STACK_GLOBAL -> {
                Object name = stack.pop();
                Object module = stack.pop();
                stack.add(resolve(String.valueOf(module), String.valueOf(name)));
                return NO_RETURN_VALUE;
            }
            case Opcodes.INST, Opcodes.OBJ -> throw refused("an old-style class instance (opcode "
                    + (key == Opcodes.INST ? "INST" : "OBJ") + ")");
            case Opcodes.BUILD -> {
                Object state = stack.pop();
                Object target = stack.pop();
                if (!(target instanceof Map) && !(target instanceof Inert) && !acceptsState(target)) {
                    throw refused("state for an object of type " + target.getClass().getSimpleName());
                }
                // an OrderedDict's state is its _metadata (module versions); an inert object's is ignored
                stack.add(target);
                return NO_RETURN_VALUE;
            }
            default -> {
                return super.dispatch(key);
            }
        }
    }

    @Override
    protected Object persistentLoad(Object pid) {
        if (!(pid instanceof Object[] t) || t.length < 5 || !"storage".equals(t[0])
                || !(t[1] instanceof StorageType type)) {
            throw new GenlabException("the checkpoint's pickle refers to an unknown kind of stored object; genlab "
                    + "reads PyTorch tensor storages only");
        }
        Storage s = storages.locate(String.valueOf(t[2]), type.dtype(), ((Number) t[4]).longValue());
        return new Storage(type.dtype(), s.key(), s.offset(), s.bytes());
    }

    /** Whether an object this unpickler built takes a BUILD (its state is then ignored); none besides dicts here. */
    protected boolean acceptsState(Object target) {
        return false;
    }

    /** The object a global stands for; a subclass that knows more globals asks this for the rest. */
    protected Object resolve(String module, String name) {
        String global = module + "." + name;
        switch (global) {
            case "collections.OrderedDict" -> {
                return (IObjectConstructor) args -> new LinkedHashMap<>();
            }
            case "torch._utils._rebuild_tensor_v2" -> {
                return (IObjectConstructor) RestrictedUnpickler::rebuildTensor;
            }
            case "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state" -> {
                return (IObjectConstructor) args -> args[0];
            }
            case "pytorch_lightning.callbacks.model_checkpoint.ModelCheckpoint" -> {
                return (IObjectConstructor) args -> new Inert(global);
            }
            default -> {
                if (module.equals("torch") && STORAGES.containsKey(name)) {
                    return new StorageType(STORAGES.get(name));
                }
                throw refused("the global " + Printable.of(global, 120));
            }
        }
    }

    /** _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata]). */
    private static Object rebuildTensor(Object[] args) {
        Storage storage = (Storage) args[0];
        long offset = ((Number) args[1]).longValue();
        long[] shape = longs(args[2]);
        long[] stride = longs(args[3]);
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && stride[i] != expected) {
                throw new GenlabException("not supported yet: a checkpoint tensor stored non-contiguously (shape "
                        + java.util.Arrays.toString(shape) + ", stride " + java.util.Arrays.toString(stride)
                        + "); convert the file to safetensors with PyTorch first");
            }
            expected *= shape[i];
        }
        return new TensorView(storage, offset, shape);
    }

    private static long[] longs(Object tuple) {
        Object[] items = tuple instanceof Object[] a ? a : ((List<?>) tuple).toArray();
        long[] out = new long[items.length];
        for (int i = 0; i < items.length; i++) {
            out[i] = ((Number) items[i]).longValue();
        }
        return out;
    }

    static GenlabException refused(String what) {
        return new GenlabException("refused to load the checkpoint: its pickle asks for " + what + ", which is "
                + "not a tensor or dict that genlab rebuilds (pickles can run code, so genlab reads only what it "
                + "knows; convert the file to safetensors with a trusted tool)");
    }
}
