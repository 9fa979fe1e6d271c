package dev.genlab.model.stylegan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genlab.core.GenlabException;
import dev.genlab.core.UsageException;
import dev.genlab.model.NetworkFields;
import dev.genlab.modelstore.ImageShape;
import dev.genlab.modelstore.ModelDirectory;
import dev.genlab.modelstore.NetworkConfig;
import java.util.List;

/**
 * The StyleGAN2-style architecture. The synthesis network runs at a power-of-two size (4×4 learned
 * constant, doubling to {@link #canvas()}); images of the data are padded into it for training and
 * cropped from it when generating (Fashion-MNIST's 28×28 sit in a 32×32 canvas).
 *
 * @param zDim          size of the latent z
 * @param wDim          size of the intermediate latent w
 * @param mappingLayers fully connected layers of the mapping network
 * @param channels      feature channels at every resolution
 */
public record StyleGanConfig(ImageShape image, List<String> classes, int zDim, int wDim, int mappingLayers,
        int channels) implements NetworkConfig {

    public StyleGanConfig {
        if (image.height() > 256 || image.width() > 256) {
            throw new UsageException("the StyleGAN here is for images up to 256×256, got " + image.size());
        }
        if (zDim < 2 || wDim < 2 || zDim > 1024 || wDim > 1024) {
            throw new UsageException("--latent and --w-dim must be between 2 and 1024");
        }
        if (mappingLayers < 1 || mappingLayers > 8) {
            throw new UsageException("--mapping-layers must be between 1 and 8, got " + mappingLayers);
        }
        if (channels < 4 || channels > 512) {
            throw new UsageException("--channels must be between 4 and 512, got " + channels);
        }
        classes = List.copyOf(classes);
    }

    /** Side of the square canvas: the smallest power of two (≥ 8) that holds the image. */
    public int canvas() {
        int side = 8;
        while (side < Math.max(image.height(), image.width())) {
            side *= 2;
        }
        return side;
    }

    /** Resolutions after the 4×4 constant: 8, 16, … up to the canvas. */
    public int blocks() {
        return Integer.numberOfTrailingZeros(canvas()) - 2;
    }

    /** Modulated layers, each with its own w (StyleGAN's num_ws): the 4×4 conv and toRGB, then 2 convs + toRGB a block. */
    public int numWs() {
        return 2 + 3 * blocks();
    }

    @Override
    public JsonNode networkJson() {
        ObjectNode n = ModelDirectory.JSON.createObjectNode();
        n.put("architecture", "stylegan2");
        n.put("z_dim", zDim);
        n.put("w_dim", wDim);
        n.put("mapping_layers", mappingLayers);
        n.put("channels", channels);
        n.put("conditional", conditional());
        return n;
    }

    public static StyleGanConfig fromJson(ImageShape image, List<String> classes, JsonNode network) {
        if (network == null || !network.has("z_dim") || !network.has("w_dim") || !network.has("channels")) {
            throw new GenlabException("StyleGAN config.json lacks network.z_dim, w_dim or channels");
        }
        boolean conditional = NetworkFields.bool(network, "conditional", !classes.isEmpty());
        return new StyleGanConfig(image, conditional ? classes : List.of(), NetworkFields.integer(network, "z_dim"),
                NetworkFields.integer(network, "w_dim"), NetworkFields.integer(network, "mapping_layers", 8), NetworkFields.integer(network, "channels"));
    }
}
