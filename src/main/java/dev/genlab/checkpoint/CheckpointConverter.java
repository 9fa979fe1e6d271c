package dev.genlab.checkpoint;

import dev.genlab.core.GenlabException;
import dev.genlab.data.safetensors.DType;
import dev.genlab.data.safetensors.SafeTensors;
import dev.genlab.data.safetensors.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a checkpoint again: as single-file safetensors in the original layout, or as a diffusers folder,
 * optionally in another float type. Tensor by tensor (a 4 GB file never sits on the heap), into a temporary
 * file or folder that is moved into place at the end.
 */
public final class CheckpointConverter {

    private CheckpointConverter() {}

    /** Single-file safetensors, CompVis names, floats as {@code dtype} (null keeps each tensor's own). */
    public static void toSafetensors(Checkpoint c, Path out, DType dtype) {
        write(c.tensors(), out, dtype, metadata(c));
    }

    /** A diffusers folder: UNet, VAE and text encoder renamed, and model_index.json. */
    public static void toDiffusers(Checkpoint c, Path outDir, DType dtype) {
        if (Files.exists(outDir)) {
            throw new GenlabException(outDir + " exists: give a new folder for the diffusers layout");
        }
        Map<String, StoredTensor> vaeCompvis = c.under(SdKeyMap.VAE);
        if (vaeCompvis.isEmpty() && c.has("decoder.conv_in.weight")) {
            vaeCompvis = c.tensors(); // a VAE alone
        }
        int levels = SdKeyMap.vaeLevels(vaeCompvis.keySet());
        Map<String, StoredTensor> vae = new LinkedHashMap<>();
        vaeCompvis.values().forEach(t -> {
            StoredTensor d = SdKeyMap.vaeToDiffusers(t, levels);
            vae.put(d.name(), d);
        });
        Map<String, StoredTensor> text = new LinkedHashMap<>();
        c.under(SdKeyMap.TEXT).forEach((k, v) -> {
            if (!k.endsWith("position_ids")) {
                text.put(k, v);
            }
        });
        Map<String, StoredTensor> unetCompvis = c.under(SdKeyMap.UNET);
        SdKeyMap.UNetShape shape = SdKeyMap.UNetShape.ofCompvis(unetCompvis.keySet());
        Map<String, StoredTensor> unet = new LinkedHashMap<>();
        unetCompvis.values().forEach(t -> {
            StoredTensor d = SdKeyMap.unetToDiffusers(t, shape);
            unet.put(d.name(), d);
        });
        Path tmp = outDir.resolveSibling("." + outDir.getFileName() + ".tmp" + ProcessHandle.current().pid());
        try {
            deleteTree(tmp);
            List<String> parts = new ArrayList<>();
            if (!vae.isEmpty()) {
                write(vae, tmp.resolve("vae").resolve("diffusion_pytorch_model.safetensors"), dtype, Map.of());
                parts.add("\"vae\": [\"diffusers\", \"AutoencoderKL\"]");
            }
            if (!text.isEmpty()) {
                write(text, tmp.resolve("text_encoder").resolve("model.safetensors"), dtype, Map.of());
                parts.add("\"text_encoder\": [\"transformers\", \"CLIPTextModel\"]");
            }
            if (!unet.isEmpty()) {
                write(unet, tmp.resolve("unet").resolve("diffusion_pytorch_model.safetensors"), dtype, Map.of());
                parts.add("\"unet\": [\"diffusers\", \"UNet2DConditionModel\"]");
            }
            Files.writeString(tmp.resolve(DiffusersFolder.INDEX), "{\"_class_name\": \"StableDiffusionPipeline\", "
                    + String.join(", ", parts) + "}\n", StandardCharsets.UTF_8);
            Files.move(tmp, outDir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new GenlabException("cannot write " + outDir + ": " + e.getMessage());
        } finally {
            deleteTree(tmp);
        }
    }

    private static Map<String, String> metadata(Checkpoint c) {
        Map<String, String> out = new LinkedHashMap<>(); // ordered, so that a conversion is reproducible
        if (c.metadata().containsKey(RandomCheckpoint.MARK)) {
            out.put(RandomCheckpoint.MARK, c.metadata().get(RandomCheckpoint.MARK));
        }
        // a StyleGAN network's settings that its tensors' shapes do not tell
        for (String key : new String[] {NetworkPickle.CLASS, NetworkPickle.INIT_KWARGS}) {
            if (c.metadata().containsKey(key)) {
                out.put(key, c.metadata().get(key));
            }
        }
        out.put("format", "pt");
        return out;
    }

    private static void write(Map<String, StoredTensor> tensors, Path out, DType dtype, Map<String, String> metadata) {
        try {
            Files.createDirectories(out.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new GenlabException("cannot create " + out.getParent() + ": " + e.getMessage());
        }
        List<StoredTensor> list = new ArrayList<>(tensors.values());
        List<SafeTensors.Spec> specs = list.stream().map(t -> new SafeTensors.Spec(t.name(),
                dtype != null && t.dtype().isFloat() ? dtype : t.dtype(), t.shape())).toList();
        int[] next = {0}; // SafeTensors.write asks for the tensors in the order of specs
        SafeTensors.write(out, specs, metadata, (spec, stream) -> {
            StoredTensor t = list.get(next[0]++);
            Tensor read = t.read();
            stream.write(spec.dtype() == t.dtype() ? read.data()
                    : Tensor.ofFloats(t.name(), t.shape(), read.toFloats(), spec.dtype()).data());
        });
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // best effort: a leftover temporary folder beside the output is harmless
        }
    }
}
