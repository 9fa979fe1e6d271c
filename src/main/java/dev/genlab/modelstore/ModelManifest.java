package dev.genlab.modelstore;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A model directory's {@code config.json}: what the model is, the family's network settings, how it was
 * trained and what it scored. Written by {@code genlab train}, read by every other command.
 *
 * @param network  the family's own settings (e.g. latent size), read by that family
 * @param training provenance, or null for a model that needs no training
 * @param metrics  named figures, e.g. {@code val_neg_elbo_nats}
 * @param headline the one figure {@code genlab models} shows, in words
 */
public record ModelManifest(int format, String name, String family, String description, ImageShape image,
        List<String> classes, JsonNode network, TrainingInfo training, Map<String, Double> metrics,
        String headline, @JsonInclude(JsonInclude.Include.NON_NULL) LinkedWeights linked) {

    public static final int FORMAT = 1;

    /** A model genlab trained: its weights are model.safetensors in the folder. */
    public ModelManifest(int format, String name, String family, String description, ImageShape image,
            List<String> classes, JsonNode network, TrainingInfo training, Map<String, Double> metrics,
            String headline) {
        this(format, name, family, description, image, classes, network, training, metrics, headline, null);
    }

    /**
     * A checkpoint the user brought ({@code genlab models add}): the folder points at it, never copies it.
     *
     * @param path   the file or folder, absolute
     * @param bytes  its size when it was added (a changed size means another file)
     * @param sha256 its SHA-256, hex, computed once when it was added (A1111's model hash is the first 10 digits)
     * @param format how it stores its tensors, in words; {@code kind} what it was recognised as
     */
    public record LinkedWeights(String path, long bytes, String sha256, String format, String kind, String dtype) {}

    /** The class names, empty (never null) for an unconditional model. */
    public List<String> classList() {
        return classes == null ? List.of() : classes;
    }

    /**
     * @param command  the command line that trained it
     * @param data     what it was trained on
     * @param seconds  wall time of training
     * @param commit   genlab's git commit
     */
    public record TrainingInfo(String command, long seed, int epochs, long steps, int batchSize, double seconds,
            String data, String commit, String version) {}
}
