package dev.genlab.model.vqvae;

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
 * The VQ-VAE and its code prior.
 *
 * @param channels      channels of the autoencoder
 * @param codes         codebook size K
 * @param codeDim       dimension D of each code
 * @param priorChannels channels of the prior's gated stacks
 * @param priorLayers   gated layers of the prior
 * @param priorHidden   channels of the prior's output head
 * @param classes       the prior's conditioning classes (the autoencoder ignores them)
 */
public record VqVaeConfig(ImageShape image, List<String> classes, int channels, int codes, int codeDim,
        int priorChannels, int priorLayers, int priorHidden) implements NetworkConfig {

    /** Two stride-2 stages: 28×28 images become 7×7 code grids. */
    public static final int DOWNSAMPLE = 4;

    public VqVaeConfig {
        ConfigChecks.imageDivisibleBy(image, DOWNSAMPLE, "the VQ-VAE");
        ConfigChecks.baseChannels(channels);
        if (priorChannels < 4 || priorChannels > 1024) {
            throw new UsageException("--prior-channels must be between 4 and 1024, got " + priorChannels);
        }
        if (codes < 2 || codes > 4096) {
            throw new UsageException("--codes must be between 2 and 4096, got " + codes);
        }
        if (codeDim < 1 || codeDim > 512) {
            throw new UsageException("--code-dim must be between 1 and 512, got " + codeDim);
        }
        if (priorLayers < 2 || priorLayers > 40) {
            throw new UsageException("--prior-layers must be between 2 and 40, got " + priorLayers);
        }
        if (priorHidden < 8 || priorHidden > 4096) {
            throw new UsageException("--prior-hidden must be between 8 and 4096, got " + priorHidden);
        }
        classes = List.copyOf(classes);
    }

    public int gridHeight() {
        return image.height() / DOWNSAMPLE;
    }

    public int gridWidth() {
        return image.width() / DOWNSAMPLE;
    }

    /** What the autoencoder's checkpoint must match on --resume. */
    public String autoencoderFingerprint() {
        return "vqvae " + channels + "/" + codes + "/" + codeDim + "|" + image;
    }

    @Override
    public JsonNode networkJson() {
        ObjectNode n = ModelDirectory.JSON.createObjectNode();
        n.put("architecture", "vq-vae+gated-pixelcnn-prior");
        n.put("channels", channels);
        n.put("codes", codes);
        n.put("code_dim", codeDim);
        n.put("prior_channels", priorChannels);
        n.put("prior_layers", priorLayers);
        n.put("prior_hidden", priorHidden);
        n.put("conditional", conditional());
        return n;
    }

    public static VqVaeConfig fromJson(ImageShape image, List<String> classes, JsonNode n) {
        for (String key : List.of("channels", "codes", "code_dim", "prior_channels", "prior_layers", "prior_hidden")) {
            if (n == null || !n.has(key)) {
                throw new GenlabException("VQ-VAE config.json lacks network." + key);
            }
        }
        boolean conditional = NetworkFields.bool(n, "conditional", !classes.isEmpty());
        return new VqVaeConfig(image, conditional ? classes : List.of(), NetworkFields.integer(n, "channels"),
                NetworkFields.integer(n, "codes"), NetworkFields.integer(n, "code_dim"), NetworkFields.integer(n, "prior_channels"),
                NetworkFields.integer(n, "prior_layers"), NetworkFields.integer(n, "prior_hidden"));
    }
}
