package dev.genlab.checkpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one map between the two layouts of Stable Diffusion weights: the original (CompVis) names that
 * single-file checkpoints use, and the diffusers names of a diffusers folder. genlab holds every checkpoint
 * in the CompVis layout; this map reads diffusers folders and writes them. The VAE and the text encoder are
 * mapped here; the UNet's map comes with the UNet.
 *
 * <p>The VAE's blocks are renamed (down.I.block.J ↔ down_blocks.I.resnets.J; the decoder's levels are
 * numbered from the other end), its shortcut and output norm renamed, and its mid-block attention's
 * 1×1 convolutions become linear layers (same bytes, shape without the trailing 1, 1).
 */
public final class SdKeyMap {

    /** Where each part lives in a single-file (CompVis) checkpoint. */
    public static final String UNET = "model.diffusion_model.";
    public static final String VAE = "first_stage_model.";
    public static final String TEXT = "cond_stage_model.transformer.";

    private SdKeyMap() {}

    /** One renamed block: CompVis prefix, diffusers prefix, and how its leaves are renamed. */
    private record Block(String compvis, String diffusers, Map<String, String> leaves) {}

    private static final Map<String, String> RESNET = Map.of("nin_shortcut.", "conv_shortcut.");
    private static final Map<String, String> ATTENTION = Map.of("norm.", "group_norm.", "q.", "to_q.", "k.", "to_k.",
            "v.", "to_v.", "proj_out.", "to_out.0.");
    /** Older diffusers folders name the attention's layers so; read, never written. */
    private static final Map<String, String> LEGACY_ATTENTION = Map.of("norm.", "group_norm.", "q.", "query.",
            "k.", "key.", "v.", "value.", "proj_out.", "proj_attn.");

    /** The VAE's blocks for {@code levels} resolution levels (SD's has 4), longest prefixes first. */
    private static List<Block> vaeBlocks(int levels) {
        List<Block> b = new ArrayList<>();
        for (String part : List.of("encoder.", "decoder.")) {
            b.add(new Block(part + "mid.attn_1.", part + "mid_block.attentions.0.", ATTENTION));
            b.add(new Block(part + "mid.block_1.", part + "mid_block.resnets.0.", RESNET));
            b.add(new Block(part + "mid.block_2.", part + "mid_block.resnets.1.", RESNET));
            b.add(new Block(part + "norm_out.", part + "conv_norm_out.", Map.of()));
        }
        for (int i = 0; i < levels; i++) {
            for (int j = 0; j < 8; j++) {
                b.add(new Block("encoder.down." + i + ".block." + j + ".", "encoder.down_blocks." + i + ".resnets." + j
                        + ".", RESNET));
                b.add(new Block("decoder.up." + (levels - 1 - i) + ".block." + j + ".", "decoder.up_blocks." + i
                        + ".resnets." + j + ".", RESNET));
            }
            b.add(new Block("encoder.down." + i + ".downsample.", "encoder.down_blocks." + i + ".downsamplers.0.",
                    Map.of()));
            b.add(new Block("decoder.up." + (levels - 1 - i) + ".upsample.", "decoder.up_blocks." + i
                    + ".upsamplers.0.", Map.of()));
        }
        return b;
    }

    /** A VAE tensor's diffusers name and shape, from its CompVis name (within the VAE, without prefix). */
    public static StoredTensor vaeToDiffusers(StoredTensor t, int levels) {
        for (Block b : vaeBlocks(levels)) {
            if (t.name().startsWith(b.compvis())) {
                String leaf = t.name().substring(b.compvis().length());
                for (var e : b.leaves().entrySet()) {
                    if (leaf.startsWith(e.getKey())) {
                        leaf = e.getValue() + leaf.substring(e.getKey().length());
                        break;
                    }
                }
                StoredTensor renamed = t.named(b.diffusers() + leaf);
                return b.leaves() == ATTENTION && t.shape().length == 4 ? renamed.reshaped(t.shape()[0], t.shape()[1])
                        : renamed;
            }
        }
        return t;
    }

    /** A VAE tensor's CompVis name and shape, from its diffusers name (current or legacy). */
    public static StoredTensor vaeFromDiffusers(StoredTensor t, int levels) {
        for (Block b : vaeBlocks(levels)) {
            if (t.name().startsWith(b.diffusers())) {
                String leaf = t.name().substring(b.diffusers().length());
                boolean attention = b.leaves() == ATTENTION;
                for (Map<String, String> leaves : attention ? List.of(ATTENTION, LEGACY_ATTENTION) : List.of(b.leaves())) {
                    for (var e : leaves.entrySet()) {
                        if (leaf.startsWith(e.getValue())) {
                            leaf = e.getKey() + leaf.substring(e.getValue().length());
                            StoredTensor renamed = t.named(b.compvis() + leaf);
                            return attention && t.shape().length == 2 && leaf.endsWith("weight")
                                    ? renamed.reshaped(t.shape()[0], t.shape()[1], 1, 1) : renamed;
                        }
                    }
                }
                return t.named(b.compvis() + leaf);
            }
        }
        return t;
    }

    /** How many resolution levels a VAE has, from its CompVis names (encoder.down.I.…). */
    public static int vaeLevels(Iterable<String> compvisNames) {
        return levels(compvisNames, "encoder.down.");
    }

    /** The same, from diffusers names (encoder.down_blocks.I.…). */
    public static int vaeLevelsDiffusers(Iterable<String> diffusersNames) {
        return levels(diffusersNames, "encoder.down_blocks.");
    }

    private static int levels(Iterable<String> names, String prefix) {
        int levels = 0;
        for (String n : names) {
            if (n.startsWith(prefix)) {
                String index = n.substring(prefix.length(), n.indexOf('.', prefix.length()));
                levels = Math.max(levels, Integer.parseInt(index) + 1);
            }
        }
        return levels;
    }
}
