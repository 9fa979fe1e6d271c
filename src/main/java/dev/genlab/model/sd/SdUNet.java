package dev.genlab.model.sd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.genlab.nn.Conv2d;
import dev.genlab.nn.GroupNorm;
import dev.genlab.nn.Parameters;
import dev.genlab.nn.Tensors;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Stable Diffusion 1.x's denoising UNet (Rombach et al., 2022), parameters named as in the CompVis
 * checkpoints without {@code model.diffusion_model.}. The timestep's sinusoidal code ([cos, sin], as the
 * original computes it) through a two-layer MLP conditions every residual block; the text conditions the
 * spatial transformers through cross-attention. Down the input blocks each level has its residual blocks
 * (each followed by a transformer where the level has attention) and, but the last, a stride-2 conv; the
 * middle block is resnet, transformer, resnet; up the output blocks each level has one block more, each
 * taking the matching input block's output concatenated, and, but the first level, nearest 2× upsampling
 * and a conv. It predicts the noise ε.
 */
final class SdUNet {

    /** One block of the input or output path: a residual block, then optionally a transformer and a resampler. */
    private record Block(UNetBlocks.ResBlock res, UNetBlocks.SpatialTransformer transformer, Conv2d resample) {}

    private final SdUNetConfig config;
    private final UNetBlocks.Dense time1;
    private final UNetBlocks.Dense time2;
    private final Conv2d convIn;
    /** Input blocks 1…: a residual block (+ transformer), or a downsampler alone. */
    private final List<Block> input = new ArrayList<>();
    private final UNetBlocks.ResBlock mid1;
    private final UNetBlocks.SpatialTransformer midAttention;
    private final UNetBlocks.ResBlock mid2;
    private final List<Block> output = new ArrayList<>();
    private final GroupNorm normOut;
    private final Conv2d convOut;
    /** The timestep code's frequencies exp(−ln(10000)·i/half), (1, half), made once in float32 as the original does. */
    private final NDArray frequencies;

    SdUNet(SdUNetConfig config, Parameters p) {
        this.config = config;
        int base = config.baseChannels();
        int emb = config.embeddingDim();
        int ctx = config.contextDim();
        int heads = config.heads();
        time1 = UNetBlocks.Dense.of(p, "time_embed.0", base, emb, true);
        time2 = UNetBlocks.Dense.of(p, "time_embed.2", emb, emb, true);
        convIn = UNetBlocks.conv(p, "input_blocks.0.0", config.inChannels(), base, 3);
        Deque<Integer> skips = new ArrayDeque<>();
        skips.push(base);
        int ch = base;
        int index = 1;
        for (int level = 0; level < config.levels(); level++) {
            int out = config.channels(level);
            for (int j = 0; j < config.resBlocks(); j++) {
                String name = "input_blocks." + index++;
                var res = new UNetBlocks.ResBlock(p, name + ".0", ch, out, emb);
                ch = out;
                var tr = config.attention().get(level)
                        ? new UNetBlocks.SpatialTransformer(p, name + ".1", ch, ctx, heads) : null;
                input.add(new Block(res, tr, null));
                skips.push(ch);
            }
            if (level < config.levels() - 1) {
                input.add(new Block(null, null, new Conv2d(p, "input_blocks." + index++ + ".0.op", ch, ch, 3, 2, 1,
                        0)));
                skips.push(ch);
            }
        }
        mid1 = new UNetBlocks.ResBlock(p, "middle_block.0", ch, ch, emb);
        midAttention = new UNetBlocks.SpatialTransformer(p, "middle_block.1", ch, ctx, heads);
        mid2 = new UNetBlocks.ResBlock(p, "middle_block.2", ch, ch, emb);
        index = 0;
        for (int level = config.levels() - 1; level >= 0; level--) {
            int out = config.channels(level);
            for (int j = 0; j <= config.resBlocks(); j++) {
                String name = "output_blocks." + index++;
                var res = new UNetBlocks.ResBlock(p, name + ".0", ch + skips.pop(), out, emb);
                ch = out;
                boolean attn = config.attention().get(level);
                var tr = attn ? new UNetBlocks.SpatialTransformer(p, name + ".1", ch, ctx, heads) : null;
                Conv2d up = level > 0 && j == config.resBlocks()
                        ? UNetBlocks.conv(p, name + "." + (attn ? 2 : 1) + ".conv", ch, ch, 3) : null;
                output.add(new Block(res, tr, up));
            }
        }
        normOut = UNetBlocks.norm(p, "out.0", ch);
        convOut = UNetBlocks.conv(p, "out.2", ch, config.outChannels(), 3);
        int half = base / 2;
        frequencies = p.manager().arange(0, half, 1, DataType.FLOAT32).mul((float) -Math.log(10000)).div(half).exp()
                .reshape(1, half);
    }

    SdUNetConfig config() {
        return config;
    }

    /**
     * The predicted noise for latents x (B, in, h, w) at timesteps t (B) given the text context (B, T, D).
     * Each block's intermediates are freed when it returns; the skip activations live until used.
     */
    NDArray forward(NDArray x, NDArray t, NDArray context) {
        NDManager m = x.getManager();
        // the code in float32 as the original computes it, then in the weights' type (bfloat16 for bf16 compute)
        NDArray code = timestepCode(t).toType(x.getDataType(), false);
        NDArray embSilu = Tensors.silu(time2.forward(Tensors.silu(time1.forward(code))));
        Deque<NDArray> skips = new ArrayDeque<>();
        NDArray h = convIn.forward(x);
        skips.push(h);
        for (Block b : input) {
            h = Tensors.scoped(h, in -> run(b, in, embSilu, context));
            skips.push(h);
        }
        h = Tensors.scoped(h, in -> mid2.forward(midAttention.forward(mid1.forward(in, embSilu), context), embSilu));
        for (Block b : output) {
            NDArray skip = skips.pop();
            NDArray joined = h.concat(skip, 1);
            h.close();
            skip.close();
            h = Tensors.scoped(joined, in -> run(b, in, embSilu, context));
            joined.close();
        }
        NDArray out = Tensors.scoped(h, in -> convOut.forward(Tensors.silu(normOut.forward(in))));
        out.attach(m);
        return out;
    }

    private static NDArray run(Block b, NDArray h, NDArray embSilu, NDArray context) {
        if (b.res() == null) {
            return b.resample().forward(h); // a downsampler: stride-2 conv
        }
        h = b.res().forward(h, embSilu);
        if (b.transformer() != null) {
            h = b.transformer().forward(h, context);
        }
        if (b.resample() != null) {
            h = b.resample().forward(Tensors.upsample2xNearest(h));
        }
        return h;
    }

    /** [cos(t·f), sin(t·f)] with the frequencies f above, as the original computes it. */
    private NDArray timestepCode(NDArray t) {
        NDArray args = t.toType(DataType.FLOAT32, false).reshape(-1, 1).mul(frequencies);
        return args.cos().concat(args.sin(), 1);
    }
}
