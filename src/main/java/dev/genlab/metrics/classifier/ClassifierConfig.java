package dev.genlab.metrics.classifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genlab.core.GenlabException;
import dev.genlab.core.UsageException;
import dev.genlab.modelstore.ImageShape;
import dev.genlab.modelstore.NetworkConfig;
import dev.genlab.modelstore.ModelDirectory;
import java.util.List;

/**
 * The classifier's architecture.
 *
 * @param width      channels of the first stage (doubled in the second)
 * @param featureDim size of the penultimate layer, the feature space of the quality metrics
 * @param dropout    dropout before the last layer while training
 */
public record ClassifierConfig(ImageShape image, List<String> classes, int width, int featureDim, double dropout) implements NetworkConfig {

    public ClassifierConfig {
        if (image.height() % 4 != 0 || image.width() % 4 != 0) {
            throw new GenlabException("the classifier needs height and width divisible by 4, got " + image.size());
        }
        if (classes.size() < 2) {
            throw new GenlabException("a classifier needs at least 2 classes in the data, got " + classes.size());
        }
        if (width < 4 || width > 512 || width % 4 != 0) {
            throw new UsageException("--width must be a multiple of 4 between 4 and 512, got " + width);
        }
        if (featureDim < 2 || featureDim > 4096) {
            throw new UsageException("--features must be between 2 and 4096, got " + featureDim);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new UsageException("--dropout must be in [0, 1), got " + dropout);
        }
        classes = List.copyOf(classes);
    }

    @Override
    public JsonNode networkJson() {
        ObjectNode n = ModelDirectory.JSON.createObjectNode();
        n.put("width", width);
        n.put("feature_dim", featureDim);
        n.put("dropout", dropout);
        return n;
    }

    public static ClassifierConfig fromJson(ImageShape image, List<String> classes, JsonNode n) {
        if (n == null || !n.has("width") || !n.has("feature_dim")) {
            throw new GenlabException("classifier config.json lacks network.width or network.feature_dim");
        }
        return new ClassifierConfig(image, classes, n.get("width").asInt(), n.get("feature_dim").asInt(),
                n.path("dropout").asDouble(0));
    }
}
