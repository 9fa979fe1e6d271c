package dev.genlab.model.sd;

import dev.genlab.checkpoint.StoredTensor;
import dev.genlab.core.GenlabException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The shape of an AutoencoderKL as Stable Diffusion uses it (SD 1.x: 128 channels, multipliers 1, 2, 4, 4,
 * two residual blocks per level, a 4-channel latent), read from a checkpoint's tensor shapes, so that the
 * tiny test checkpoints and the real ones load through the same code.
 *
 * @param scaleFactor what latents are multiplied by for diffusion (0.18215 for SD 1.x)
 */
public record SdVaeConfig(int baseChannels, List<Integer> multipliers, int resBlocks, int latentChannels,
        int imageChannels, double scaleFactor) {

    public static final double SD1_SCALE_FACTOR = 0.18215;

    public int levels() {
        return multipliers.size();
    }

    public int channels(int level) {
        return baseChannels * multipliers.get(level);
    }

    /** Pixels per latent position along each side: 2 per level below the first. */
    public int downscale() {
        return 1 << (levels() - 1);
    }

    /** Reads the shape from the VAE's tensors (CompVis names, no prefix). */
    public static SdVaeConfig of(Map<String, StoredTensor> vae, double scaleFactor) {
        int base = (int) need(vae, "encoder.conv_in.weight").shape()[0];
        int image = (int) need(vae, "encoder.conv_in.weight").shape()[1];
        List<Integer> mults = new ArrayList<>();
        for (int i = 0; vae.containsKey("encoder.down." + i + ".block.0.conv1.weight"); i++) {
            mults.add((int) (vae.get("encoder.down." + i + ".block.0.conv1.weight").shape()[0] / base));
        }
        int blocks = 0;
        while (vae.containsKey("encoder.down.0.block." + blocks + ".conv1.weight")) {
            blocks++;
        }
        int z = (int) need(vae, "post_quant_conv.weight").shape()[0];
        if (mults.isEmpty() || blocks == 0) {
            throw new GenlabException("the checkpoint's VAE has no encoder.down blocks: not an AutoencoderKL");
        }
        return new SdVaeConfig(base, List.copyOf(mults), blocks, z, image, scaleFactor);
    }

    private static StoredTensor need(Map<String, StoredTensor> vae, String name) {
        StoredTensor t = vae.get(name);
        if (t == null) {
            throw new GenlabException("the checkpoint's VAE lacks " + name + ": not a Stable Diffusion VAE");
        }
        return t;
    }
}
