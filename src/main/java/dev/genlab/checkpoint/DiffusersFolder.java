package dev.genlab.checkpoint;

import dev.genlab.core.GenlabException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A diffusers pipeline folder ({@code model_index.json} with {@code unet/}, {@code vae/}, {@code text_encoder/}
 * and {@code tokenizer/} beside it), read into the CompVis layout: the VAE and text encoder through
 * {@link SdKeyMap}; the UNet's tensors are kept under {@code diffusers.unet.} with their own names until
 * genlab runs the UNet.
 */
final class DiffusersFolder {

    static final String INDEX = "model_index.json";

    private DiffusersFolder() {}

    static boolean is(Path dir) {
        return Files.isRegularFile(dir.resolve(INDEX));
    }

    static Map<String, StoredTensor> read(Path dir) {
        Map<String, StoredTensor> out = new LinkedHashMap<>();
        Map<String, StoredTensor> vae = component(dir, "vae", List.of("diffusion_pytorch_model"));
        int levels = SdKeyMap.vaeLevelsDiffusers(vae.keySet());
        vae.values().forEach(t -> {
            StoredTensor c = SdKeyMap.vaeFromDiffusers(t, levels);
            out.put(SdKeyMap.VAE + c.name(), c.named(SdKeyMap.VAE + c.name()));
        });
        component(dir, "text_encoder", List.of("model", "pytorch_model")).values()
                .forEach(t -> out.put(SdKeyMap.TEXT + t.name(), t.named(SdKeyMap.TEXT + t.name())));
        Map<String, StoredTensor> unet = component(dir, "unet", List.of("diffusion_pytorch_model"));
        SdKeyMap.UNetShape shape = SdKeyMap.UNetShape.ofDiffusers(unet.keySet());
        unet.values().forEach(t -> {
            StoredTensor c = SdKeyMap.unetFromDiffusers(t, shape);
            out.put(SdKeyMap.UNET + c.name(), c.named(SdKeyMap.UNET + c.name()));
        });
        return out;
    }

    /** A component's weights: safetensors preferred, fp32 before the .fp16 variant, torch .bin last. */
    private static Map<String, StoredTensor> component(Path dir, String name, List<String> stems) {
        Path sub = dir.resolve(name);
        if (!Files.isDirectory(sub)) {
            return Map.of();
        }
        for (String stem : stems) {
            for (String file : List.of(stem + ".safetensors", stem + ".fp16.safetensors", stem + ".bin",
                    stem + ".fp16.bin")) {
                Path f = sub.resolve(file);
                if (Files.isRegularFile(f)) {
                    return file.endsWith(".bin") ? TorchZipReader.read(f) : Checkpoints.safetensors(f);
                }
            }
        }
        throw new GenlabException("diffusers folder " + dir + ": " + name + "/ has no weights file ("
                + stems.get(0) + ".safetensors or a variant)");
    }
}
