package dev.genlab.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.genlab.core.GenlabException;
import dev.genlab.core.SeededRandom;
import dev.genlab.data.safetensors.DType;
import dev.genlab.data.safetensors.Tensor;
import dev.genlab.data.safetensors.TensorData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A network's named parameters (e.g. {@code encoder.conv_in.weight}), created by the layers that use
 * them, initialised from a seed on the Java side so a seed gives the same network everywhere, and saved
 * to and loaded from safetensors under the same names.
 */
public final class Parameters implements AutoCloseable {

    private final NDManager manager;
    private final SeededRandom init;
    private final Map<String, NDArray> arrays = new LinkedHashMap<>();
    /** Arrays that layers asking for these names get instead of new ones (see {@link #aliases}). */
    private final Map<String, NDArray> preset;
    /** Saved weights that layers get directly, when built from a file ({@link #reading}); else null. */
    private final Map<String, ? extends TensorData> saved;
    private final Path savedFile;
    /** Whether float16 weights of two or more axes stay float16 in memory (see {@link #readingKeepingHalf}). */
    private final boolean keepHalf;

    public Parameters(NDManager parent, long seed) {
        this(parent, seed, Map.of());
    }

    private Parameters(NDManager parent, long seed, Map<String, NDArray> preset) {
        this(parent, seed, preset, null, null, false);
    }

    private Parameters(NDManager parent, long seed, Map<String, NDArray> preset, Map<String, ? extends TensorData> saved,
            Path savedFile, boolean keepHalf) {
        this.manager = parent.newSubManager();
        this.init = SeededRandom.derive(seed, 0x1417L);
        this.preset = preset;
        this.saved = saved;
        this.savedFile = savedFile;
        this.keepHalf = keepHalf;
    }

    /**
     * Parameters that layers take straight from saved weights, each checked for its name, shape and
     * finiteness when a layer asks for it and converted to float32 by the engine: for large networks read
     * from outside (Stable Diffusion's 860 M-parameter UNet), where making every array first and copying the
     * file's values into it afterwards ({@link #load}) costs a second pass over gigabytes of memory.
     */
    public static Parameters reading(NDManager parent, Map<String, ? extends TensorData> tensors, Path file) {
        return new Parameters(parent, 0, Map.of(), tensors, file, false);
    }

    /**
     * As {@link #reading}, but the file's float16 weights of two or more axes (convolutions, linear layers) stay
     * float16 in memory, half the bytes; the layers widen each to float32 as they use it and free the copy right
     * after ({@link Tensors#usingWidened}). The same values as
     * widening at load, so the same outputs, for some time per use: Stable Diffusion's UNet is 1.7 GB
     * instead of 3.4.
     */
    public static Parameters readingKeepingHalf(NDManager parent, Map<String, ? extends TensorData> tensors,
            Path file) {
        return new Parameters(parent, 0, Map.of(), tensors, file, true);
    }

    /** The saved weight {@code name}, as float32 of {@code shape}, or null when not reading from a file. */
    private NDArray fromSaved(String name, Shape shape) {
        if (saved == null) {
            return null;
        }
        TensorData t = saved.get(name);
        if (t == null) {
            throw new GenlabException("weights file " + savedFile + " lacks parameter '" + name + "'");
        }
        if (!Arrays.equals(shape.getShape(), t.shape())) {
            throw new GenlabException("weights file " + savedFile + ": parameter '" + name + "' has shape "
                    + Arrays.toString(t.shape()) + " but the network needs " + Arrays.toString(shape.getShape()));
        }
        ai.djl.ndarray.types.DataType type = switch (t.dtype()) {
            case F32 -> ai.djl.ndarray.types.DataType.FLOAT32;
            case F16 -> ai.djl.ndarray.types.DataType.FLOAT16;
            case BF16 -> ai.djl.ndarray.types.DataType.FLOAT32; // widened below: DJL cannot hold bfloat16 arrays
            case F64 -> ai.djl.ndarray.types.DataType.FLOAT64;
            default -> throw new GenlabException("weights file " + savedFile + ": parameter '" + name + "' is "
                    + t.dtype() + ", expected a float type");
        };
        long bytes = t.byteLength();
        if ((t.dtype() == DType.BF16 ? 2 * bytes : bytes) > Integer.MAX_VALUE - 16) {
            throw new GenlabException("weights file " + savedFile + ": parameter '" + name + "' is over 2 GB, which "
                    + "genlab cannot read as one array");
        }
        // the file's bytes go straight into the engine's array (an uninitialised one, seen through a direct buffer
        // over its memory): no copy on the Java heap nor in a staging buffer
        NDArray raw = manager.create(shape, type);
        java.nio.ByteBuffer into = raw.toByteBuffer(true);
        if (!into.isDirect() || into.capacity() < bytes) {
            raw.close();
            throw new IllegalStateException("the engine gave no direct view of a new array's memory");
        }
        into.order(java.nio.ByteOrder.LITTLE_ENDIAN).clear();
        t.copyTo(into);
        into.flip();
        if (TensorData.hasNonFinite(into, t.dtype(), bytes / t.dtype().bytes())) {
            raw.close();
            throw new GenlabException("weights file " + savedFile + ": parameter '" + name + "' holds NaN or infinite "
                    + "values; the file is damaged");
        }
        if (t.dtype() == DType.BF16) {
            // bfloat16 is float32's upper half: widening is a shift, done in place from the last element back
            // (DJL's engine binding has no bfloat16 type, so the array is float32 from the start)
            int n = (int) (bytes / 2);
            into.clear(); // the whole float32 array
            for (int i = n - 1; i >= 0; i--) {
                into.putInt(4 * i, (into.getShort(2 * i) & 0xffff) << 16);
            }
        }
        boolean half = keepHalf && type == DataType.FLOAT16 && shape.dimension() >= 2;
        if (type == DataType.FLOAT32 || half) {
            return raw;
        }
        try (raw) {
            return raw.toType(DataType.FLOAT32, false);
        }
    }

    /**
     * A view in which every parameter whose name starts with {@code prefix} is a differentiable copy (θ·1,
     * made under the current gradient mode) of this one's: a network built on the view computes with
     * values that depend on θ without being θ, so a pass can differentiate through them while θ itself,
     * a leaf, is kept from storing a gradient (see the StyleGAN R1 penalty). Layers built on the view get
     * these copies instead of new parameters; close the view to free them.
     */
    public Parameters aliases(String prefix) {
        Parameters view = new Parameters(manager, 0, new LinkedHashMap<>());
        arrays.forEach((name, a) -> {
            if (name.startsWith(prefix)) {
                NDArray copy = Tensors.scale(a, 1);
                copy.attach(view.manager);
                view.preset.put(name, copy);
            }
        });
        return view;
    }

    /**
     * A view in which every parameter is a copy converted to {@code type}: a network built on it computes
     * the same function in that precision (float64 for a reference that shares no float32 kernel with the
     * original). Close the view to free the copies.
     */
    public Parameters copiesAs(DataType type) {
        Parameters view = new Parameters(manager, 0, new LinkedHashMap<>());
        arrays.forEach((name, a) -> {
            NDArray copy = a.toType(type, true);
            copy.attach(view.manager);
            view.preset.put(name, copy);
        });
        return view;
    }

    public NDManager manager() {
        return manager;
    }

    /**
     * Adds a parameter drawn uniformly from ±{@code bound} (PyTorch's default initialisation of
     * convolutions and linear layers uses bound = 1/√fan_in); bound 0 gives zeros.
     */
    public NDArray uniform(String name, Shape shape, double bound) {
        if (preset.containsKey(name)) {
            return add(name, preset.get(name));
        }
        NDArray read = fromSaved(name, shape);
        if (read != null) {
            return add(name, read);
        }
        float[] v = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((init.nextDouble() * 2 - 1) * bound);
        }
        return add(name, manager.create(v, shape));
    }

    /** Adds a parameter drawn from N(0, std²) (equalised-learning-rate layers store N(0, 1) weights). */
    public NDArray normal(String name, Shape shape, double std) {
        if (preset.containsKey(name)) {
            return add(name, preset.get(name));
        }
        NDArray read = fromSaved(name, shape);
        if (read != null) {
            return add(name, read);
        }
        float[] v = init.gaussians(Math.toIntExact(shape.size()));
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (v[i] * std);
        }
        return add(name, manager.create(v, shape));
    }

    public NDArray constant(String name, Shape shape, float value) {
        if (preset.containsKey(name)) {
            return add(name, preset.get(name));
        }
        NDArray read = fromSaved(name, shape);
        if (read != null) {
            return add(name, read);
        }
        float[] v = new float[Math.toIntExact(shape.size())];
        Arrays.fill(v, value);
        return add(name, manager.create(v, shape));
    }

    /** A parameter (or buffer) with the given values, or a file's when reading one (a stored filter). */
    public NDArray fixed(String name, Shape shape, float[] values) {
        if (preset.containsKey(name)) {
            return add(name, preset.get(name));
        }
        NDArray read = fromSaved(name, shape);
        return add(name, read != null ? read : manager.create(values, shape));
    }

    /** Adds a parameter holding a copy of {@code source}'s values (e.g. the start of a weight average). */
    public NDArray copyOf(String name, NDArray source) {
        return add(name, manager.create(source.toFloatArray(), source.getShape()));
    }

    private NDArray add(String name, NDArray a) {
        if (arrays.containsKey(name)) {
            throw new IllegalStateException("parameter " + name + " defined twice");
        }
        a.setName(name);
        arrays.put(name, a);
        return a;
    }

    public Map<String, NDArray> all() {
        return Collections.unmodifiableMap(arrays);
    }

    public long count() {
        return arrays.values().stream().mapToLong(a -> a.getShape().size()).sum();
    }

    /** Turns gradient tracking on for training, off for inference. */
    public void setTraining(boolean training) {
        arrays.values().forEach(a -> a.setRequiresGradient(training));
    }

    public List<Tensor> toTensors(DType dtype) {
        return toTensors(dtype, "", "");
    }

    /**
     * The parameters whose names start with {@code prefix}, saved under {@code replacement} + the rest of
     * the name (a GAN ships its generator's weight average as the generator).
     */
    public List<Tensor> toTensors(DType dtype, String prefix, String replacement) {
        List<Tensor> out = new ArrayList<>();
        arrays.forEach((name, a) -> {
            if (name.startsWith(prefix)) {
                String saved = replacement + name.substring(prefix.length());
                out.add(Tensor.ofFloats(saved, a.getShape().getShape(), a.toFloatArray(), dtype));
            }
        });
        return out;
    }

    /** Number of values in the parameters whose names start with {@code prefix}. */
    public long count(String prefix) {
        return arrays.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .mapToLong(e -> e.getValue().getShape().size()).sum();
    }

    /** A network built on fresh parameters and the manager that holds them. */
    public record Loaded<T>(T network, NDManager manager) {}

    /**
     * Builds a network on fresh parameters (in a new sub-manager of {@code parent}) and loads a weights
     * file into them, checking every name and shape.
     */
    public static <T> Loaded<T> load(NDManager parent, Path weights, java.util.function.Function<Parameters, T> build) {
        Parameters p = new Parameters(parent, 0);
        T net = build.apply(p);
        p.load(dev.genlab.data.safetensors.SafeTensors.read(weights).tensors(), weights);
        return new Loaded<>(net, p.manager());
    }

    /** Copies saved values into the parameters, checking that every name and shape matches. */
    public void load(Map<String, Tensor> tensors, Path file) {
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            Tensor t = tensors.get(e.getKey());
            if (t == null) {
                throw new GenlabException("weights file " + file + " lacks parameter '" + e.getKey()
                        + "': it does not belong to this model's config.json (re-train, or restore the model folder)");
            }
            long[] expected = e.getValue().getShape().getShape();
            if (!Arrays.equals(expected, t.shape())) {
                throw new GenlabException("weights file " + file + ": parameter '" + e.getKey() + "' has shape "
                        + Arrays.toString(t.shape()) + " but the model's config needs " + Arrays.toString(expected));
            }
            if (!t.dtype().isFloat()) {
                throw new GenlabException("weights file " + file + ": parameter '" + e.getKey() + "' is "
                        + t.dtype() + ", expected a float type");
            }
            float[] values = t.toFloats();
            for (float v : values) {
                if (!Float.isFinite(v)) {
                    throw new GenlabException("weights file " + file + ": parameter '" + e.getKey() + "' holds "
                            + (Float.isNaN(v) ? "NaN" : "infinite") + " values; the file is damaged or the training "
                            + "that wrote it diverged (restore it or train again)");
                }
            }
            replaceValues(e.getValue(), values);
        }
    }

    /**
     * Copies {@code values} into {@code target}. Not {@code set(float[])}, which makes libtorch print a
     * deprecation warning meant for DJL's developers, and not {@code intern}: an array made from a Java
     * array wraps a direct buffer that only the donor array keeps alive, so after {@code intern} the GC
     * may free memory the tensor still reads. In-place arithmetic copies into libtorch-owned memory, and
     * x·0 + v is exact for the finite values parameters hold (a target holding NaN stays NaN: restore into
     * fresh parameters, as --resume does in its new process).
     */
    public static void replaceValues(NDArray target, float[] values) {
        try (NDArray fresh = target.getManager().create(values, target.getShape())) {
            target.muli(0f).addi(fresh);
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
