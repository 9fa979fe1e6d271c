package dev.genlab.model.vae;

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
 * The VAE's architecture and loss weight.
 *
 * @param image        image size; height and width must be divisible by 4 (two stride-2 stages)
 * @param classes      class names for a conditional model, empty for an unconditional one
 * @param latentDim    size of the latent vector z
 * @param baseChannels channels of the first stage (doubled at each of the two lower stages)
 * @param beta         weight of the KL term (β-VAE; 1 is the true ELBO)
 */
public record VaeConfig(ImageShape image, List<String> classes, int latentDim, int baseChannels, double beta) implements NetworkConfig {

    public VaeConfig {
        ConfigChecks.imageDivisibleBy(image, 4, "the VAE");
        ConfigChecks.latentDim(latentDim);
        ConfigChecks.baseChannels(baseChannels);
        if (!(beta >= 0) || beta > 1000) {
            throw new UsageException("--beta must be between 0 and 1000, got " + beta);
        }
        classes = List.copyOf(classes);
    }

    @Override
    public JsonNode networkJson() {
        ObjectNode n = ModelDirectory.JSON.createObjectNode();
        n.put("latent_dim", latentDim);
        n.put("base_channels", baseChannels);
        n.put("beta", beta);
        n.put("conditional", conditional());
        return n;
    }

    public static VaeConfig fromJson(ImageShape image, List<String> classes, JsonNode network) {
        if (network == null || !network.has("latent_dim") || !network.has("base_channels")) {
            throw new GenlabException("VAE config.json lacks network.latent_dim or network.base_channels");
        }
        boolean conditional = NetworkFields.bool(network, "conditional", !classes.isEmpty());
        return new VaeConfig(image, conditional ? classes : List.of(), NetworkFields.integer(network, "latent_dim"),
                NetworkFields.integer(network, "base_channels"), NetworkFields.number(network, "beta", 1.0));
    }
}
