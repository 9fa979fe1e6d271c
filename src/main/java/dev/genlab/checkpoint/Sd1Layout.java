package dev.genlab.checkpoint;

import dev.genlab.data.safetensors.DType;
import java.util.ArrayList;
import java.util.List;

/**
 * Every tensor of a Stable Diffusion 1.x checkpoint, with its shape, in the CompVis layout: the UNet
 * (model_channels 320, multipliers 1, 2, 4, 4, two residual blocks per level, transformers at the first
 * three levels, 8 heads, context 768), the VAE (128 channels, multipliers 1, 2, 4, 4, z 4) and CLIP ViT-L/14's
 * text model (12 layers, 768 wide, 77 positions, 49 408 tokens). For writing random-weight checkpoints of
 * the real size, and for telling a real one's shapes apart.
 */
public final class Sd1Layout {

    /** A tensor of the layout. */
    public record Entry(String name, long[] shape, Init init) {}

    /** How a random-weight checkpoint fills it, so that activations keep a sane scale. */
    public enum Init { FAN_IN, ZERO, ONE, EMBEDDING, POSITION_IDS }

    private final List<Entry> entries = new ArrayList<>();

    private Sd1Layout() {}

    public static List<Entry> entries() {
        Sd1Layout l = new Sd1Layout();
        l.unet(SdKeyMap.UNET);
        l.vae(SdKeyMap.VAE);
        l.text(SdKeyMap.TEXT + "text_model.");
        return List.copyOf(l.entries);
    }

    /** Bytes of the layout stored as {@code dtype} (the position ids stay int64). */
    public static long bytes(DType dtype) {
        return entries().stream().mapToLong(e -> dev.genlab.data.safetensors.Tensor.elementCount(e.shape())
                * (e.init() == Init.POSITION_IDS ? 8 : dtype.bytes())).sum();
    }

    private void add(String name, Init init, long... shape) {
        entries.add(new Entry(name, shape, init));
    }

    private void conv(String name, long in, long out, long k) {
        add(name + ".weight", Init.FAN_IN, out, in, k, k);
        add(name + ".bias", Init.ZERO, out);
    }

    private void linear(String name, long in, long out, boolean bias) {
        add(name + ".weight", Init.FAN_IN, out, in);
        if (bias) {
            add(name + ".bias", Init.ZERO, out);
        }
    }

    private void norm(String name, long c) {
        add(name + ".weight", Init.ONE, c);
        add(name + ".bias", Init.ZERO, c);
    }

    private void unet(String p) {
        long[] mult = {1, 2, 4, 4};
        long base = 320;
        long emb = 4 * base;
        linear(p + "time_embed.0", base, emb, true);
        linear(p + "time_embed.2", emb, emb, true);
        conv(p + "input_blocks.0.0", 4, base, 3);
        List<Long> skips = new ArrayList<>(List.of(base));
        long ch = base;
        int block = 1;
        for (int level = 0; level < 4; level++) {
            long out = base * mult[level];
            for (int j = 0; j < 2; j++) {
                unetResBlock(p + "input_blocks." + block + ".0", ch, out, emb);
                ch = out;
                if (level < 3) {
                    transformer(p + "input_blocks." + block + ".1", ch);
                }
                skips.add(ch);
                block++;
            }
            if (level < 3) {
                conv(p + "input_blocks." + block + ".0.op", ch, ch, 3);
                skips.add(ch);
                block++;
            }
        }
        unetResBlock(p + "middle_block.0", ch, ch, emb);
        transformer(p + "middle_block.1", ch);
        unetResBlock(p + "middle_block.2", ch, ch, emb);
        block = 0;
        for (int level = 3; level >= 0; level--) {
            long out = base * mult[level];
            for (int j = 0; j < 3; j++) {
                long skip = skips.remove(skips.size() - 1);
                unetResBlock(p + "output_blocks." + block + ".0", ch + skip, out, emb);
                ch = out;
                int part = 1;
                if (level < 3) {
                    transformer(p + "output_blocks." + block + ".1", ch);
                    part = 2;
                }
                if (level > 0 && j == 2) {
                    conv(p + "output_blocks." + block + "." + part + ".conv", ch, ch, 3);
                }
                block++;
            }
        }
        norm(p + "out.0", ch);
        conv(p + "out.2", ch, 4, 3);
    }

    private void unetResBlock(String p, long in, long out, long emb) {
        norm(p + ".in_layers.0", in);
        conv(p + ".in_layers.2", in, out, 3);
        linear(p + ".emb_layers.1", emb, out, true);
        norm(p + ".out_layers.0", out);
        conv(p + ".out_layers.3", out, out, 3);
        if (in != out) {
            conv(p + ".skip_connection", in, out, 1);
        }
    }

    private void transformer(String p, long c) {
        long context = 768;
        norm(p + ".norm", c);
        conv(p + ".proj_in", c, c, 1);
        String t = p + ".transformer_blocks.0.";
        for (String attn : List.of("attn1", "attn2")) {
            long kv = attn.equals("attn1") ? c : context;
            linear(t + attn + ".to_q", c, c, false);
            linear(t + attn + ".to_k", kv, c, false);
            linear(t + attn + ".to_v", kv, c, false);
            linear(t + attn + ".to_out.0", c, c, true);
        }
        linear(t + "ff.net.0.proj", c, 8 * c, true);
        linear(t + "ff.net.2", 4 * c, c, true);
        for (String n : List.of("norm1", "norm2", "norm3")) {
            norm(t + n, c);
        }
        conv(p + ".proj_out", c, c, 1);
    }

    private void vae(String p) {
        long[] mult = {1, 2, 4, 4};
        long base = 128;
        long z = 4;
        conv(p + "encoder.conv_in", 3, base, 3);
        long ch = base;
        for (int i = 0; i < 4; i++) {
            long out = base * mult[i];
            for (int j = 0; j < 2; j++) {
                vaeResBlock(p + "encoder.down." + i + ".block." + j, ch, out);
                ch = out;
            }
            if (i < 3) {
                conv(p + "encoder.down." + i + ".downsample.conv", ch, ch, 3);
            }
        }
        vaeMid(p + "encoder.mid", ch);
        norm(p + "encoder.norm_out", ch);
        conv(p + "encoder.conv_out", ch, 2 * z, 3);
        conv(p + "quant_conv", 2 * z, 2 * z, 1);
        conv(p + "post_quant_conv", z, z, 1);
        conv(p + "decoder.conv_in", z, ch, 3);
        vaeMid(p + "decoder.mid", ch);
        for (int i = 3; i >= 0; i--) {
            long out = base * mult[i];
            for (int j = 0; j < 3; j++) {
                vaeResBlock(p + "decoder.up." + i + ".block." + j, ch, out);
                ch = out;
            }
            if (i > 0) {
                conv(p + "decoder.up." + i + ".upsample.conv", ch, ch, 3);
            }
        }
        norm(p + "decoder.norm_out", ch);
        conv(p + "decoder.conv_out", ch, 3, 3);
    }

    private void vaeMid(String p, long c) {
        vaeResBlock(p + ".block_1", c, c);
        norm(p + ".attn_1.norm", c);
        for (String n : List.of("q", "k", "v", "proj_out")) {
            conv(p + ".attn_1." + n, c, c, 1);
        }
        vaeResBlock(p + ".block_2", c, c);
    }

    private void vaeResBlock(String p, long in, long out) {
        norm(p + ".norm1", in);
        conv(p + ".conv1", in, out, 3);
        norm(p + ".norm2", out);
        conv(p + ".conv2", out, out, 3);
        if (in != out) {
            conv(p + ".nin_shortcut", in, out, 1);
        }
    }

    private void text(String p) {
        long d = 768;
        add(p + "embeddings.token_embedding.weight", Init.EMBEDDING, 49408, d);
        add(p + "embeddings.position_embedding.weight", Init.EMBEDDING, 77, d);
        add(p + "embeddings.position_ids", Init.POSITION_IDS, 1, 77);
        for (int i = 0; i < 12; i++) {
            String l = p + "encoder.layers." + i + ".";
            for (String proj : List.of("k_proj", "v_proj", "q_proj", "out_proj")) {
                linear(l + "self_attn." + proj, d, d, true);
            }
            norm(l + "layer_norm1", d);
            linear(l + "mlp.fc1", d, 4 * d, true);
            linear(l + "mlp.fc2", 4 * d, d, true);
            norm(l + "layer_norm2", d);
        }
        norm(p + "final_layer_norm", d);
    }
}
