package dev.genlab.checkpoint;

import dev.genlab.core.GenlabException;
import dev.genlab.data.safetensors.SafeTensors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Opens whatever checkpoint the user points at, telling the format from the content, not the extension. */
public final class Checkpoints {

    private static final String HINT = "the file is damaged or not a safetensors file: download or convert %s again";

    private Checkpoints() {}

    /** Opens a single-file checkpoint (.safetensors, .ckpt/.pt, a network .pkl) or a diffusers folder. */
    public static Checkpoint open(Path path) {
        if (Files.isDirectory(path)) {
            if (!DiffusersFolder.is(path)) {
                throw new GenlabException(path + " is a folder without " + DiffusersFolder.INDEX + ": point at a "
                        + "checkpoint file (.safetensors, .ckpt) or a diffusers pipeline folder");
            }
            return new Checkpoint(path, Checkpoint.Format.DIFFUSERS, DiffusersFolder.read(path));
        }
        if (!Files.isRegularFile(path)) {
            throw new GenlabException("checkpoint not found: " + path);
        }
        byte[] magic = head(path);
        if (magic.length == 0) {
            throw new GenlabException("checkpoint " + path + " is empty (0 bytes): download or copy it again");
        }
        if (magic.length >= 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4) {
            return new Checkpoint(path, Checkpoint.Format.TORCH_ZIP, TorchZipReader.read(path));
        }
        // torch.save before 1.6: a pickle (protocol 2) of the magic number 0x1950a86a20f9469cfc6c first
        if (magic.length >= 4 && (magic[0] & 0xff) == 0x80 && magic[1] == 2 && (magic[2] & 0xff) == 0x8a
                && magic[3] == 0x0a) {
            throw new GenlabException("not supported yet: " + path + " is a legacy (pre-1.6) PyTorch pickle; save "
                    + "it again with a current torch.save or convert it to safetensors");
        }
        if (NetworkPickle.is(magic)) {
            return NetworkPickle.read(path);
        }
        SafeTensors.Index index = SafeTensors.index(path, HINT);
        return new Checkpoint(path, Checkpoint.Format.SAFETENSORS, located(index), index.metadata());
    }

    /** A safetensors file's tensors, located. */
    static Map<String, StoredTensor> safetensors(Path file) {
        return located(SafeTensors.index(file, HINT));
    }

    private static Map<String, StoredTensor> located(SafeTensors.Index index) {
        Path file = index.file();
        Map<String, StoredTensor> out = new LinkedHashMap<>();
        index.tensors().forEach((name, l) -> out.put(name, new StoredTensor(name, l.dtype(), l.shape(), file,
                l.offset(), l.length())));
        return out;
    }

    private static byte[] head(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(8);
        } catch (IOException e) {
            throw new GenlabException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
