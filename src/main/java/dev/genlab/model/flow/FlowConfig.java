package dev.genlab.model.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genlab.core.GenlabException;
import dev.genlab.core.UsageException;
import dev.genlab.model.NetworkFields;
import dev.genlab.modelstore.ImageShape;
import dev.genlab.modelstore.ModelDirectory;
import dev.genlab.modelstore.NetworkConfig;

/**
 * The flow's architecture.
 *
 * @param levels         scales; each squeezes 2×2 pixels into channels and, except the last, factors out half
 *                       of the channels as latents
 * @param stepsPerLevel  actnorm → 1×1 conv → affine coupling steps per level
 * @param hidden         channels of the coupling networks
 */
public record FlowConfig(ImageShape image, int levels, int stepsPerLevel, int hidden) implements NetworkConfig {

    public FlowConfig {
        if (levels < 1 || levels > 4) {
            throw new UsageException("--levels must be between 1 and 4, got " + levels);
        }
        int f = 1 << levels;
        if (image.height() % f != 0 || image.width() % f != 0) {
            throw new UsageException("a flow with " + levels + " levels needs image sides divisible by " + f + "; "
                    + image.size() + " is not (use fewer --levels)");
        }
        if (stepsPerLevel < 1 || stepsPerLevel > 32) {
            throw new UsageException("--steps-per-level must be between 1 and 32, got " + stepsPerLevel);
        }
        if (hidden < 4 || hidden > 1024) {
            throw new UsageException("--hidden must be between 4 and 1024, got " + hidden);
        }
    }

    public int dims() {
        return image.channels() * image.height() * image.width();
    }

    @Override
    public JsonNode networkJson() {
        ObjectNode n = ModelDirectory.JSON.createObjectNode();
        n.put("architecture", "realnvp-glow");
        n.put("levels", levels);
        n.put("steps_per_level", stepsPerLevel);
        n.put("hidden", hidden);
        return n;
    }

    public static FlowConfig fromJson(ImageShape image, JsonNode network) {
        if (network == null || !network.has("levels") || !network.has("steps_per_level") || !network.has("hidden")) {
            throw new GenlabException("flow config.json lacks network.levels, steps_per_level or hidden");
        }
        return new FlowConfig(image, NetworkFields.integer(network, "levels"), NetworkFields.integer(network, "steps_per_level"),
                NetworkFields.integer(network, "hidden"));
    }
}
