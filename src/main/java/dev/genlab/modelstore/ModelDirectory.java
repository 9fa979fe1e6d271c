package dev.genlab.modelstore;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.genlab.core.AtomicFiles;
import dev.genlab.core.GenlabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A model on disk: {@code config.json}, {@code model.safetensors} and {@code MODEL_CARD.md} in one folder.
 */
public record ModelDirectory(Path path, ModelManifest manifest) {

    public static final String CONFIG = "config.json";
    public static final String WEIGHTS = "model.safetensors";
    public static final String CARD = "MODEL_CARD.md";

    public static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS) // a value followed by more text is damaged
            .enable(SerializationFeature.INDENT_OUTPUT);

    public static ModelDirectory open(Path dir) {
        Path config = dir.resolve(CONFIG);
        if (!Files.isRegularFile(config)) {
            throw new GenlabException("no " + CONFIG + " in " + dir + ": not a genlab model folder");
        }
        try {
            ModelManifest m = JSON.readValue(config.toFile(), ModelManifest.class);
            if (m == null || m.family() == null || m.name() == null || m.image() == null) {
                throw new GenlabException(config + " lacks name, family or image size");
            }
            if (!dev.genlab.core.SafeNames.isSafe(m.name())) {
                throw new GenlabException(config + " names the model '" + dev.genlab.core.Printable.of(m.name(), 80) + "', which cannot be "
                        + "part of a file name: give it " + dev.genlab.core.SafeNames.RULE);
            }
            if (m.format() > ModelManifest.FORMAT) {
                throw new GenlabException(config + " has format " + m.format() + ", newer than this genlab ("
                        + ModelManifest.FORMAT + "); update genlab");
            }
            return new ModelDirectory(dir, m);
        } catch (IOException e) {
            throw new GenlabException("cannot read " + config + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** Writes config.json atomically. */
    public static void writeManifest(Path dir, ModelManifest m) {
        AtomicFiles.write(dir.resolve(CONFIG), out -> JSON.writeValue(out, m));
    }

    public String name() {
        return manifest.name();
    }

    /** The weights: model.safetensors in the folder, or the checkpoint a linked model points at. */
    public Path weights() {
        return manifest.linked() != null ? Path.of(manifest.linked().path()) : path.resolve(WEIGHTS);
    }


    public long weightsBytes() {
        if (manifest.linked() != null) {
            return manifest.linked().bytes();
        }
        try {
            return Files.size(weights());
        } catch (IOException e) {
            return -1;
        }
    }

    /** Whether the model has a weights file (procedural generators have none: their config is the model). */
    public boolean hasWeights() {
        return Files.exists(weights());
    }

    /**
     * SHA-256 of the weights file, hex; of config.json for a model without weights, since that file then
     * determines the images.
     */
    public String weightsSha256() {
        if (manifest.linked() != null) {
            return manifest.linked().sha256();
        }
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] bytes = hasWeights() || !Files.isRegularFile(path.resolve(CONFIG))
                    ? AtomicFiles.read(weights(), "weights file") : AtomicFiles.read(path.resolve(CONFIG), "config");
            return HexFormat.of().formatHex(md.digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The short hash A1111 shows as "Model hash": the first 10 hex digits of the SHA-256. */
    public String shortHash() {
        return weightsSha256().substring(0, 10);
    }
}
