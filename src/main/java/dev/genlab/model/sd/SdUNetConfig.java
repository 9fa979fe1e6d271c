package dev.genlab.model.sd;

import dev.genlab.checkpoint.SdKeyMap;
import dev.genlab.checkpoint.StoredTensor;
import dev.genlab.core.GenlabException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The shape of Stable Diffusion 1.x's UNet (SD 1.x: 320 channels, multipliers 1, 2, 4, 4, two residual
 * blocks per level, transformers at the first three levels, 8 heads, context 768), read from a checkpoint's
 * tensor shapes (CompVis names without {@code model.diffusion_model.}), so the tiny test checkpoints and the
 * real ones load through the same code.
 *
 * @param attention for each level, whether its blocks carry a spatial transformer
 * @param heads     attention heads (SD 1.x fixes 8, whatever the width; SD 2.x fixes 64 channels a head)
 */
public record SdUNetConfig(int baseChannels, List<Integer> multipliers, int resBlocks, List<Boolean> attention,
        int contextDim, int heads, int inChannels, int outChannels) {

    /** SD 1.x's heads per attention layer. */
    public static final int SD1_HEADS = 8;

    public int levels() {
        return multipliers.size();
    }

    public int channels(int level) {
        return baseChannels * multipliers.get(level);
    }

    /** Width of the timestep embedding. */
    public int embeddingDim() {
        return 4 * baseChannels;
    }

    /** Latent positions per side must be divisible by this: each level below the first halves them. */
    public int downscale() {
        return 1 << (levels() - 1);
    }

    /** Reads the shape from the UNet's tensors: the block structure from their names, the widths from shapes. */
    public static SdUNetConfig of(Map<String, StoredTensor> unet) {
        long[] convIn = need(unet, "input_blocks.0.0.weight").shape();
        int base = (int) convIn[0];
        SdKeyMap.UNetShape shape = SdKeyMap.UNetShape.ofCompvis(unet.keySet());
        if (shape.blocks() == 0) {
            throw new GenlabException("the checkpoint's UNet has no input_blocks: not a Stable Diffusion UNet");
        }
        List<Integer> mults = new ArrayList<>();
        List<Boolean> attention = new ArrayList<>();
        for (int level = 0; level < shape.levels(); level++) {
            String first = "input_blocks." + (1 + level * (shape.blocks() + 1)) + ".0.in_layers.2.weight";
            mults.add((int) (need(unet, first).shape()[0] / base));
            attention.add(shape.attention()[level]);
        }
        int context = (int) firstCrossAttentionKey(unet).shape()[1];
        long[] convOut = need(unet, "out.2.weight").shape();
        return new SdUNetConfig(base, List.copyOf(mults), shape.blocks(), List.copyOf(attention), context, SD1_HEADS,
                (int) convIn[1], (int) convOut[0]);
    }

    private static StoredTensor firstCrossAttentionKey(Map<String, StoredTensor> unet) {
        return need(unet, "middle_block.1.transformer_blocks.0.attn2.to_k.weight");
    }

    private static StoredTensor need(Map<String, StoredTensor> unet, String name) {
        StoredTensor t = unet.get(name);
        if (t == null) {
            throw new GenlabException("the checkpoint's UNet lacks " + name + ": not a Stable Diffusion 1.x UNet");
        }
        return t;
    }
}
