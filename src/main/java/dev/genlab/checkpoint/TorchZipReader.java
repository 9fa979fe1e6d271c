package dev.genlab.checkpoint;

import dev.genlab.core.GenlabException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * PyTorch's checkpoint format since 1.6 ({@code torch.save}): a zip whose {@code data.pkl} pickles the
 * state dict, with each tensor storage stored uncompressed as {@code data/KEY}. The pickle goes through
 * {@link RestrictedUnpickler}; storages are located in the zip, not read.
 */
final class TorchZipReader {

    private TorchZipReader() {}

    static Map<String, StoredTensor> read(Path file) {
        try (ZipFile zip = open(file)) {
            ZipArchiveEntry pickle = Collections.list(zip.getEntries()).stream()
                    .filter(e -> e.getName().endsWith("data.pkl") && e.getName().indexOf('/') == e.getName().lastIndexOf('/'))
                    .findFirst().orElseThrow(() -> new GenlabException(file + " is a zip but not a PyTorch checkpoint "
                            + "(no data.pkl inside)"));
            String root = pickle.getName().substring(0, pickle.getName().length() - "data.pkl".length());
            RestrictedUnpickler unpickler = new RestrictedUnpickler((key, dtype, elements) -> storage(zip, file,
                    root + "data/" + key));
            Object top;
            try (InputStream in = zip.getInputStream(pickle)) {
                top = unpickler.load(in, pickle.getSize() >= 0 ? pickle.getSize() : Long.MAX_VALUE);
            } catch (GenlabException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new GenlabException("cannot read the pickle of " + file + ": " + NetworkPickle.oneLine(e)
                        + " (the file is damaged or not a PyTorch checkpoint)");
            }
            Map<String, StoredTensor> tensors = new LinkedHashMap<>();
            collect(stateDict(top, file), "", file, tensors);
            if (tensors.isEmpty()) {
                throw new GenlabException(file + " holds no tensors");
            }
            return tensors;
        } catch (IOException e) {
            throw new GenlabException("cannot read " + file + " as a PyTorch checkpoint: " + e.getMessage()
                    + " (the file may be truncated or damaged)");
        }
    }

    /** The zip's central directory, read; a damaged one is the user's file, not a bug of genlab. */
    private static ZipFile open(Path file) throws IOException {
        try {
            return ZipFile.builder().setPath(file).get();
        } catch (RuntimeException e) {
            // commons-compress throws IllegalArgumentException and others for directories that lie about offsets
            throw new IOException("its zip directory is damaged (" + NetworkPickle.oneLine(e) + ")", e);
        }
    }

    /** A Lightning checkpoint keeps the weights under "state_dict"; a plain torch.save of a state dict is one. */
    private static Map<?, ?> stateDict(Object top, Path file) {
        if (top instanceof Map<?, ?> m) {
            Object inner = m.get("state_dict");
            return inner instanceof Map<?, ?> sd ? sd : m;
        }
        throw new GenlabException(file + " does not hold a state dict (its pickle is a "
                + (top == null ? "None" : top.getClass().getSimpleName()) + ")");
    }

    /** Walks nested dicts; a nested dict's tensors get its key and a dot as prefix. */
    private static void collect(Map<?, ?> dict, String prefix, Path file, Map<String, StoredTensor> out) {
        dict.forEach((k, v) -> {
            String name = prefix + k;
            if (v instanceof RestrictedUnpickler.TensorView t) {
                out.put(name, t.located(name, file));
            } else if (v instanceof Map<?, ?> m && !name.equals("optimizer_states") && !name.equals("callbacks")) {
                collect(m, name + ".", file, out);
            } else if (v instanceof List<?> || v instanceof Object[]) {
                // lists hold optimiser states and the like, never a model's weights
                return;
            }
        });
    }

    private static RestrictedUnpickler.Storage storage(ZipFile zip, Path file, String name) {
        ZipArchiveEntry e = zip.getEntry(name);
        if (e == null) {
            throw new GenlabException("checkpoint " + file + " names storage " + name + " but does not contain it; "
                    + "the file is damaged");
        }
        if (e.getMethod() != ZipArchiveEntry.STORED || e.getDataOffset() < 0) {
            throw new GenlabException("not supported yet: checkpoint " + file + " compresses its tensors (" + name
                    + "); torch.save never does, so the file was repacked: save it again with torch.save");
        }
        return new RestrictedUnpickler.Storage(null, name, e.getDataOffset(), e.getSize());
    }
}
