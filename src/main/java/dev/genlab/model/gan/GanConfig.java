package dev.genlab.model.gan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genlab.core.GenlabException;
import dev.genlab.model.ConfigChecks;
import dev.genlab.model.NetworkFields;
import dev.genlab.modelstore.ImageShape;
import dev.genlab.modelstore.ModelDirectory;
import dev.genlab.modelstore.NetworkConfig;
import java.util.List;

/**
 * The DCGAN's architecture.
 *
 * @param image        image size; height and width divisible by 4 (two 2× stages)
 * @param classes      class names for a conditional model, empty for an unconditional one
 * @param latentDim    size of z
 * @param baseChannels channels at full resolution (doubled at each lower stage)
 */
public record GanConfig(ImageShape image, List<String> classes, int latentDim, int baseChannels) implements NetworkConfig {

    public GanConfig {
        ConfigChecks.imageDivisibleBy(image, 4, "the DCGAN");
        ConfigChecks.latentDim(latentDim);
        ConfigChecks.baseChannels(baseChannels);
        classes = List.copyOf(classes);
    }

    @Override
    public JsonNode networkJson() {
        ObjectNode n = ModelDirectory.JSON.createObjectNode();
        n.put("architecture", "dcgan");
        n.put("latent_dim", latentDim);
        n.put("base_channels", baseChannels);
        n.put("conditional", conditional());
        return n;
    }

    public static GanConfig fromJson(ImageShape image, List<String> classes, JsonNode network) {
        if (network == null || !network.has("latent_dim") || !network.has("base_channels")) {
            throw new GenlabException("DCGAN config.json lacks network.latent_dim or network.base_channels");
        }
        boolean conditional = NetworkFields.bool(network, "conditional", !classes.isEmpty());
        return new GanConfig(image, conditional ? classes : List.of(), NetworkFields.integer(network, "latent_dim"),
                NetworkFields.integer(network, "base_channels"));
    }
}
