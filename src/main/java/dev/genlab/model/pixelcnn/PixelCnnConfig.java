package dev.genlab.model.pixelcnn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genlab.core.GenlabException;
import dev.genlab.core.UsageException;
import dev.genlab.model.ConfigChecks;
import dev.genlab.model.NetworkFields;
import dev.genlab.modelstore.ImageShape;
import dev.genlab.modelstore.ModelDirectory;
import dev.genlab.modelstore.NetworkConfig;
import java.util.List;

/**
 * The gated PixelCNN's architecture.
 *
 * @param channels feature channels of both stacks
 * @param layers   gated layers (the first one 7×7, type A; the rest 3×3, type B)
 * @param hidden   channels of the output head before the 256-way softmax
 * @param dilations dilations of the 3×3 layers, repeated in turn ([1]: the dense stack of the paper)
 */
public record PixelCnnConfig(ImageShape image, List<String> classes, int channels, int layers, int hidden,
        List<Integer> dilations) implements NetworkConfig {

    public static final int LEVELS = 256;

    public PixelCnnConfig(ImageShape image, List<String> classes, int channels, int layers, int hidden) {
        this(image, classes, channels, layers, hidden, List.of(1));
    }

    public PixelCnnConfig {
        dilations = dilations == null || dilations.isEmpty() ? List.of(1) : List.copyOf(dilations);
        for (int d : dilations) {
            if (d < 1 || d > 16) {
                throw new UsageException("--dilations must be between 1 and 16 each, got " + d);
            }
        }
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

    @Override
    public JsonNode networkJson() {
        ObjectNode n = ModelDirectory.JSON.createObjectNode();
        n.put("architecture", "gated-pixelcnn");
        n.put("channels", channels);
        n.put("layers", layers);
        n.put("hidden", hidden);
        if (!dilations.equals(List.of(1))) {
            dilations.forEach(n.putArray("dilations")::add);
        }
        n.put("conditional", conditional());
        return n;
    }

    public static PixelCnnConfig fromJson(ImageShape image, List<String> classes, JsonNode network) {
        if (network == null || !network.has("channels") || !network.has("layers") || !network.has("hidden")) {
            throw new GenlabException("PixelCNN config.json lacks network.channels, layers or hidden");
        }
        boolean conditional = NetworkFields.bool(network, "conditional", !classes.isEmpty());
        List<Integer> dilations = new java.util.ArrayList<>();
        network.path("dilations").forEach(d -> dilations.add(d.asInt()));
        return new PixelCnnConfig(image, conditional ? classes : List.of(), NetworkFields.integer(network, "channels"),
                NetworkFields.integer(network, "layers"), NetworkFields.integer(network, "hidden"), dilations);
    }
}
