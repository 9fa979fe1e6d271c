package dev.genlab.model.pixelcnn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genlab.core.GenlabException;
import dev.genlab.core.UsageException;
import dev.genlab.model.ConfigChecks;
import dev.genlab.model.ImageShape;
import dev.genlab.model.ModelDirectory;
import java.util.List;

/**
 * The gated PixelCNN's architecture.
 *
 * @param channels feature channels of both stacks
 * @param layers   gated layers (the first one 7×7, type A; the rest 3×3, type B)
 * @param hidden   channels of the output head before the 256-way softmax
 */
public record PixelCnnConfig(ImageShape image, List<String> classes, int channels, int layers, int hidden) {

    public static final int LEVELS = 256;

    public PixelCnnConfig {
        if (image.channels() != 1) {
            throw new UsageException("the PixelCNN models grayscale images (one channel); the data has "
                    + image.channels() + " channels");
        }
        ConfigChecks.baseChannels(channels);
        if (layers < 2 || layers > 40) {
            throw new UsageException("--layers must be between 2 and 40, got " + layers);
        }
        if (hidden < 8 || hidden > 4096) {
            throw new UsageException("--hidden must be between 8 and 4096, got " + hidden);
        }
        classes = List.copyOf(classes);
    }

    public boolean conditional() {
        return !classes.isEmpty();
    }

    public int numClasses() {
        return classes.size();
    }

    public JsonNode networkJson() {
        ObjectNode n = ModelDirectory.JSON.createObjectNode();
        n.put("architecture", "gated-pixelcnn");
        n.put("channels", channels);
        n.put("layers", layers);
        n.put("hidden", hidden);
        n.put("conditional", conditional());
        return n;
    }

    public static PixelCnnConfig fromJson(ImageShape image, List<String> classes, JsonNode network) {
        if (network == null || !network.has("channels") || !network.has("layers") || !network.has("hidden")) {
            throw new GenlabException("PixelCNN config.json lacks network.channels, layers or hidden");
        }
        boolean conditional = network.path("conditional").asBoolean(!classes.isEmpty());
        return new PixelCnnConfig(image, conditional ? classes : List.of(), network.get("channels").asInt(),
                network.get("layers").asInt(), network.get("hidden").asInt());
    }
}
