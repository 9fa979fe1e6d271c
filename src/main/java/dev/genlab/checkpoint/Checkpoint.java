package dev.genlab.checkpoint;

import dev.genlab.data.safetensors.DType;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The tensors of a checkpoint, by name, located but not read. Stable Diffusion checkpoints are held in the
 * original (CompVis) layout whatever their file layout was: a diffusers folder's names are mapped on
 * reading ({@link SdKeyMap}).
 */
public record Checkpoint(Path source, Format format, Map<String, StoredTensor> tensors, Map<String, String> metadata) {

    /** How the file stored its tensors. */
    public enum Format {
        SAFETENSORS("safetensors"), TORCH_ZIP("PyTorch zip (.ckpt)"), DIFFUSERS("diffusers folder"),
        NETWORK_PICKLE("network pickle (.pkl)");

        private final String label;

        Format(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public Checkpoint {
        tensors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        metadata = Map.copyOf(metadata);
    }

    public Checkpoint(Path source, Format format, Map<String, StoredTensor> tensors) {
        this(source, format, tensors, Map.of());
    }

    /** Whether genlab wrote it with random weights ({@link RandomCheckpoint}): timing only. */
    public boolean randomWeights() {
        return metadata.containsKey(RandomCheckpoint.MARK);
    }

    public boolean has(String name) {
        return tensors.containsKey(name);
    }

    /** The tensors whose names start with {@code prefix}, under their names without it. */
    public Map<String, StoredTensor> under(String prefix) {
        Map<String, StoredTensor> out = new LinkedHashMap<>();
        tensors.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                String rest = k.substring(prefix.length());
                out.put(rest, v.named(rest));
            }
        });
        return out;
    }

    /** The element type most of the bytes are stored in (F16 for a "fp16" file, whatever a few tensors are). */
    public DType dominantDType() {
        return tensors.values().stream().filter(t -> t.dtype().isFloat())
                .collect(Collectors.groupingBy(StoredTensor::dtype, Collectors.summingLong(StoredTensor::length)))
                .entrySet().stream().max(Comparator.comparingLong(Map.Entry::getValue)).map(Map.Entry::getKey)
                .orElse(DType.F32);
    }


    /** The dominant type as people name it: "fp16", "bf16", "fp32" (others in lower case). */
    public String dtypeLabel() {
        DType d = dominantDType();
        return switch (d) {
            case F16 -> "fp16";
            case BF16 -> "bf16";
            case F32 -> "fp32";
            default -> d.name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
