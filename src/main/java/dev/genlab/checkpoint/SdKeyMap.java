package dev.genlab.checkpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one map between the two layouts of Stable Diffusion weights: the original (CompVis) names that
 * single-file checkpoints use, and the diffusers names of a diffusers folder. genlab holds every checkpoint
 * in the CompVis layout; this map reads diffusers folders and writes them. The text encoder has the same
 * names in both (transformers' layout).
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

    /**
     * The UNet's shape as far as names go: levels, residual blocks per level, and which levels carry
     * transformers. SD 1.x: 4, 2, {true, true, true, false}.
     */
    public record UNetShape(int levels, int blocks, boolean[] attention) {

        /** From CompVis names (within the UNet, without prefix). */
        public static UNetShape ofCompvis(java.util.Collection<String> names) {
            int blocks = 0;
            int levels = 1;
            int index = 1;
            List<Boolean> attention = new ArrayList<>();
            boolean atLevelStart = true;
            for (; names.contains("input_blocks." + index + ".0.op.weight")
                    || names.contains("input_blocks." + index + ".0.in_layers.0.weight"); index++) {
                if (names.contains("input_blocks." + index + ".0.op.weight")) {
                    levels++;
                    atLevelStart = true;
                    continue;
                }
                if (atLevelStart) {
                    attention.add(names.contains("input_blocks." + index + ".1.proj_in.weight"));
                    atLevelStart = false;
                }
                if (levels == 1) {
                    blocks++;
                }
            }
            return new UNetShape(levels, blocks, toArray(attention));
        }

        /** From diffusers names. */
        public static UNetShape ofDiffusers(java.util.Collection<String> names) {
            int levels = SdKeyMap.levels(names, "down_blocks.");
            int blocks = 0;
            while (names.contains("down_blocks.0.resnets." + blocks + ".norm1.weight")) {
                blocks++;
            }
            List<Boolean> attention = new ArrayList<>();
            for (int i = 0; i < levels; i++) {
                String prefix = "down_blocks." + i + ".attentions.";
                attention.add(names.stream().anyMatch(n -> n.startsWith(prefix)));
            }
            return new UNetShape(levels, blocks, toArray(attention));
        }

        private static boolean[] toArray(List<Boolean> list) {
            boolean[] out = new boolean[list.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = list.get(i);
            }
            return out;
        }
    }

    private static final Map<String, String> UNET_RESNET = Map.of("in_layers.0.", "norm1.", "in_layers.2.", "conv1.",
            "emb_layers.1.", "time_emb_proj.", "out_layers.0.", "norm2.", "out_layers.3.", "conv2.",
            "skip_connection.", "conv_shortcut.");

    /** The UNet's blocks: each CompVis block prefix and its diffusers one. */
    private static List<Block> unetBlocks(UNetShape s) {
        List<Block> b = new ArrayList<>();
        b.add(new Block("time_embed.0.", "time_embedding.linear_1.", Map.of()));
        b.add(new Block("time_embed.2.", "time_embedding.linear_2.", Map.of()));
        b.add(new Block("input_blocks.0.0.", "conv_in.", Map.of()));
        b.add(new Block("out.0.", "conv_norm_out.", Map.of()));
        b.add(new Block("out.2.", "conv_out.", Map.of()));
        b.add(new Block("middle_block.0.", "mid_block.resnets.0.", UNET_RESNET));
        b.add(new Block("middle_block.1.", "mid_block.attentions.0.", Map.of()));
        b.add(new Block("middle_block.2.", "mid_block.resnets.1.", UNET_RESNET));
        for (int i = 0; i < s.levels(); i++) {
            String down = "down_blocks." + i + ".";
            for (int j = 0; j < s.blocks(); j++) {
                int index = 1 + i * (s.blocks() + 1) + j;
                b.add(new Block("input_blocks." + index + ".0.", down + "resnets." + j + ".", UNET_RESNET));
                b.add(new Block("input_blocks." + index + ".1.", down + "attentions." + j + ".", Map.of()));
            }
            if (i < s.levels() - 1) {
                b.add(new Block("input_blocks." + ((i + 1) * (s.blocks() + 1)) + ".0.op.",
                        down + "downsamplers.0.conv.", Map.of()));
            }
            int level = s.levels() - 1 - i; // diffusers numbers the way up from the lowest resolution
            String up = "up_blocks." + i + ".";
            for (int j = 0; j <= s.blocks(); j++) {
                int index = i * (s.blocks() + 1) + j;
                b.add(new Block("output_blocks." + index + ".0.", up + "resnets." + j + ".", UNET_RESNET));
                b.add(new Block("output_blocks." + index + ".1.", up + "attentions." + j + ".", Map.of()));
                if (level > 0 && j == s.blocks()) {
                    b.add(new Block("output_blocks." + index + "." + (s.attention()[level] ? 2 : 1) + ".conv.",
                            up + "upsamplers.0.conv.", Map.of()));
                }
            }
        }
        // an upsampler's ".1.conv." must be matched before the attention's ".1." prefix of the same block
        b.sort((x, y) -> Integer.compare(y.compvis().length(), x.compvis().length()));
        return b;
    }

    /** A UNet tensor's diffusers name, from its CompVis name (within the UNet, without prefix). */
    public static StoredTensor unetToDiffusers(StoredTensor t, UNetShape shape) {
        return rename(t, unetBlocks(shape), true);
    }

    /** A UNet tensor's CompVis name, from its diffusers name. */
    public static StoredTensor unetFromDiffusers(StoredTensor t, UNetShape shape) {
        return rename(t, unetBlocks(shape), false);
    }

    private static StoredTensor rename(StoredTensor t, List<Block> blocks, boolean toDiffusers) {
        for (Block b : blocks) {
            String from = toDiffusers ? b.compvis() : b.diffusers();
            if (t.name().startsWith(from)) {
                String leaf = t.name().substring(from.length());
                for (var e : b.leaves().entrySet()) {
                    String leafFrom = toDiffusers ? e.getKey() : e.getValue();
                    if (leaf.startsWith(leafFrom)) {
                        leaf = (toDiffusers ? e.getValue() : e.getKey()) + leaf.substring(leafFrom.length());
                        break;
                    }
                }
                return t.named((toDiffusers ? b.diffusers() : b.compvis()) + leaf);
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
