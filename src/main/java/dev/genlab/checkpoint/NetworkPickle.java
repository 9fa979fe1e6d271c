package dev.genlab.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genlab.core.GenlabException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A network pickle of NVIDIA's StyleGAN2-ADA or StyleGAN3 code: a dict of whole modules ({@code G}, {@code D},
 * {@code G_ema}, {@code augment_pipe}) of which genlab takes the generator that images are made with,
 * {@code G_ema}. Its tensors come out under their state-dict names ({@code mapping.fc0.weight},
 * {@code synthesis.b4.const}, …); its constructor's keyword arguments ({@code _init_kwargs}: conv_clamp, the
 * mapping's learning-rate multiplier, the architecture) as JSON in the metadata under {@link #INIT_KWARGS},
 * which is also where a converted safetensors file keeps them.
 */
public final class NetworkPickle {

    /** Metadata key of the generator's constructor arguments, as JSON. */
    public static final String INIT_KWARGS = "genlab.stylegan.init_kwargs";
    /** Metadata key of the generator's Python class name. */
    public static final String CLASS = "genlab.stylegan.class";

    private static final String NETWORK = "G_ema";
    private static final ObjectMapper JSON = new ObjectMapper();

    private NetworkPickle() {}

    /** Whether the first bytes are a pickle's (protocol 2 or later) but not torch's legacy format. */
    static boolean is(byte[] magic) {
        return magic.length >= 2 && (magic[0] & 0xff) == 0x80 && magic[1] >= 2 && magic[1] <= 5
                && !(magic.length >= 4 && (magic[2] & 0xff) == 0x8a && magic[3] == 0x0a);
    }

    static Checkpoint read(Path file) {
        long size = size(file);
        Object top;
        try (InputStream raw = Files.newInputStream(file); CountingInput in = new CountingInput(raw)) {
            top = new NetworkPickleUnpickler(in, file).load(in, size);
        } catch (GenlabException e) {
            throw e;
        } catch (IOException | RuntimeException | StackOverflowError e) {
            // the parser's own exceptions on damaged input (a bad opcode, a wrong type on its stack, the end)
            throw new GenlabException("cannot read " + file + " as a network pickle: " + oneLine(e)
                    + " (the file is truncated or damaged: download or copy it again)");
        }
        if (!(top instanceof Map<?, ?> dict)) {
            throw new GenlabException(file + " is a pickle of a " + (top == null ? "None" : top.getClass()
                    .getSimpleName()) + ", not a network pickle (a dict with G_ema)");
        }
        if (!(dict.get(NETWORK) instanceof NetworkPickleUnpickler.PersistentObject g)) {
            throw new GenlabException(file + " is a pickle without a generator: genlab reads NVIDIA's network "
                    + "pickles, whose dict has G_ema (this one has " + keys(dict) + ")");
        }
        Map<String, StoredTensor> tensors = new LinkedHashMap<>();
        collect(g, "", file, tensors);
        for (StoredTensor t : tensors.values()) {
            if (t.offset() + t.length() > size) {
                throw new GenlabException("checkpoint " + file + " is truncated: tensor '" + t.name() + "' ends at "
                        + "byte " + (t.offset() + t.length()) + " of " + size + "; download or copy it again");
            }
        }
        Map<String, String> metadata = new TreeMap<>();
        metadata.put(CLASS, g.className());
        metadata.put(INIT_KWARGS, json(g.state().get("_init_kwargs"), file));
        return new Checkpoint(file, Checkpoint.Format.NETWORK_PICKLE, tensors, metadata);
    }

    /** A module's parameters and persistent buffers, then its submodules', under dotted names. */
    private static void collect(NetworkPickleUnpickler.PersistentObject module, String prefix, Path file,
            Map<String, StoredTensor> out) {
        Map<?, ?> state = module.state();
        Collection<?> transient_ = state.get("_non_persistent_buffers_set") instanceof Set<?> s ? s : Set.of();
        for (String field : List.of("_parameters", "_buffers")) {
            if (state.get(field) instanceof Map<?, ?> tensors) {
                tensors.forEach((k, v) -> {
                    if (v instanceof RestrictedUnpickler.TensorView t && !transient_.contains(k)) {
                        String name = prefix + k;
                        out.put(name, t.located(name, file));
                    }
                });
            }
        }
        if (state.get("_modules") instanceof Map<?, ?> modules) {
            modules.forEach((k, v) -> {
                if (v instanceof NetworkPickleUnpickler.PersistentObject child) {
                    collect(child, prefix + k + ".", file, out);
                } else if (v != null) {
                    throw new GenlabException("not supported yet: " + file + " holds module " + prefix + k + " of a "
                            + "kind genlab does not read (" + v.getClass().getSimpleName() + ")");
                }
            });
        }
    }

    private static String json(Object kwargs, Path file) {
        try {
            return JSON.writeValueAsString(plain(kwargs));
        } catch (JsonProcessingException e) {
            throw new GenlabException("checkpoint " + file + ": cannot record its network settings: " + e.getMessage());
        }
    }

    /** Maps, lists, strings, numbers, booleans and nulls as they are; anything else by its kind's name. */
    private static Object plain(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new TreeMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
            return out;
        }
        if (o instanceof Object[] a) {
            return plain(java.util.Arrays.asList(a));
        }
        if (o instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>();
            c.forEach(v -> out.add(plain(v)));
            return out;
        }
        if (o == null || o instanceof String || o instanceof Number || o instanceof Boolean) {
            return o;
        }
        return o.getClass().getSimpleName();
    }

    /** A dict's first keys, printable: a damaged file's keys may be any bytes. */
    private static String keys(Map<?, ?> dict) {
        List<String> out = new ArrayList<>();
        for (Object k : dict.keySet()) {
            if (out.size() == 8) {
                out.add("…");
                break;
            }
            String name = String.valueOf(k).replaceAll("[^\\p{Graph} ]", "?");
            out.add(name.length() > 40 ? name.substring(0, 40) + "…" : name);
        }
        return out.toString();
    }

    /** What went wrong in a parser's exception, on one line (its message, or its kind where it has none). */
    static String oneLine(Throwable e) {
        String m = e.getMessage();
        return (m == null || m.isBlank() ? e.getClass().getSimpleName() : m).lines().findFirst().orElse("");
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new GenlabException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
