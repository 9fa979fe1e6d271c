package dev.genlab.model.latent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genlab.core.GenlabException;
import dev.genlab.core.UsageException;
import dev.genlab.model.ConfigChecks;
import dev.genlab.model.NetworkFields;
import dev.genlab.modelstore.ImageShape;
import dev.genlab.modelstore.ModelDirectory;
import dev.genlab.modelstore.NetworkConfig;

/**
 * The KL autoencoder of the latent diffusion model (Rombach et al., 2022): images are centred in a square
 * canvas (Fashion-MNIST's 28×28 in 32×32), encoded to a spatial latent of {@link #latentChannels} ×
 * canvas/4 × canvas/4 (4×8×8, as Stable Diffusion's VAE turns 512×512×3 into 4×64×64), and decoded back.
 *
 * @param canvas         side of the square the image is centred in; a multiple of 4 at least the image's size
 * @param baseChannels   channels at full resolution (2× at the two lower ones)
 * @param latentChannels channels of the latent
 * @param klWeight       weight of the KL term against the summed squared error (small: a nearly
 *                       deterministic code, as Stable Diffusion's 1e-6)
 * @param scaleFactor    multiplies latents before diffusion so that they have unit variance, measured on
 *                       the training data after training (Stable Diffusion's 0.18215); 1 until measured
 */
public record AutoencoderConfig(ImageShape image, int canvas, int baseChannels, int latentChannels, double klWeight,
        double scaleFactor) implements NetworkConfig {

    public AutoencoderConfig {
        if (canvas % 4 != 0 || canvas < image.height() || canvas < image.width() || canvas > 1024) {
            throw new GenlabException("the autoencoder needs a canvas that is a multiple of 4, at most 1024, and at "
                    + "least the image size " + image.size() + "; got " + canvas);
        }
        ConfigChecks.baseChannels(baseChannels);
        if (latentChannels < 1 || latentChannels > 64) {
            throw new UsageException("--latent-channels must be between 1 and 64, got " + latentChannels);
        }
        if (!(klWeight >= 0) || klWeight > 1) {
            throw new UsageException("--kl-weight must be between 0 and 1, got " + klWeight);
        }
        if (!(scaleFactor > 0) || !Double.isFinite(scaleFactor)) {
            throw new GenlabException("the autoencoder's scale factor must be positive, got " + scaleFactor);
        }
    }

    /**
     * The smallest canvas that holds the image and whose latent (canvas/4) halves once more in the
     * diffusion UNet: a multiple of 8 (28×28 → 32).
     */
    public static int canvasFor(ImageShape image) {
        return (Math.max(image.height(), image.width()) + 7) / 8 * 8;
    }

    /** Side of the latent: two stride-2 stages. */
    public int latentSize() {
        return canvas / 4;
    }

    /** Values per latent: C × H × W. */
    public int latentValues() {
        return latentChannels * latentSize() * latentSize();
    }

    public AutoencoderConfig withScaleFactor(double s) {
        return new AutoencoderConfig(image, canvas, baseChannels, latentChannels, klWeight, s);
    }

    @Override
    public JsonNode networkJson() {
        ObjectNode n = ModelDirectory.JSON.createObjectNode();
        n.put("architecture", "kl-autoencoder");
        n.put("canvas", canvas);
        n.put("base_channels", baseChannels);
        n.put("latent_channels", latentChannels);
        n.put("kl_weight", klWeight);
        n.put("scale_factor", scaleFactor);
        return n;
    }

    public static AutoencoderConfig fromJson(ImageShape image, JsonNode n) {
        if (n == null || !n.has("canvas") || !n.has("base_channels") || !n.has("latent_channels")
                || !n.has("scale_factor")) {
            throw new GenlabException("autoencoder config lacks network.canvas, base_channels, latent_channels or "
                    + "scale_factor");
        }
        return new AutoencoderConfig(image, NetworkFields.integer(n, "canvas"), NetworkFields.integer(n, "base_channels"),
                NetworkFields.integer(n, "latent_channels"), NetworkFields.number(n, "kl_weight", 1e-4), NetworkFields.number(n, "scale_factor"));
    }
}
