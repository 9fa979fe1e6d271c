package dev.genlab.model.latent;

import ai.djl.ndarray.NDArray;
import dev.genlab.nn.Attention;
import dev.genlab.nn.Conv2d;
import dev.genlab.nn.CrossAttention;
import dev.genlab.nn.GroupNorm;
import dev.genlab.nn.Linear;
import dev.genlab.nn.Parameters;
import dev.genlab.nn.ResBlock;
import dev.genlab.nn.Tensors;
import dev.genlab.nn.TimestepEmbedding;

/**
 * The latent diffusion UNet (Rombach et al., 2022) at two resolutions of the latent (s and s/2, with b and
 * 2b channels): per level a residual block and cross-attention to the text (queries from the latent, keys
 * and values from the text encoder's tokens), self-attention too at s/2 and in the middle; stride-2 conv
 * down, nearest upsampling + conv up. The timestep embedding conditions every residual block; the mean of
 * the text tokens is added to it, as SDXL adds its pooled text embedding, so the prompt reaches every block.
 */
final class LdmUNet {

    static final String PREFIX = "unet.";

    private final LdmConfig config;
    private final TimestepEmbedding time;
    private final Linear pooledText;
    private final Conv2d convIn;
    private final ResBlock[] down = new ResBlock[2];
    private final CrossAttention[] downCross = new CrossAttention[2];
    private final Attention downSelf;
    private final Conv2d downsample;
    private final ResBlock mid1;
    private final Attention midSelf;
    private final CrossAttention midCross;
    private final ResBlock mid2;
    private final ResBlock[] up = new ResBlock[2];
    private final CrossAttention[] upCross = new CrossAttention[2];
    private final Attention upSelf;
    private final Conv2d upsample;
    private final GroupNorm normOut;
    private final Conv2d convOut;

    LdmUNet(LdmConfig config, Parameters p) {
        this.config = config;
        int b = config.baseChannels();
        int[] ch = {b, 2 * b};
        int z = config.autoencoder().latentChannels();
        int ctx = config.contextDim();
        int heads = config.heads();
        time = new TimestepEmbedding(p, PREFIX + "time", b);
        int e = time.outputDim();
        pooledText = new Linear(p, PREFIX + "pooled_text", ctx, e);
        convIn = Conv2d.same(p, PREFIX + "conv_in", z, b, 3);
        int in = b;
        for (int i = 0; i < 2; i++) {
            down[i] = new ResBlock(p, PREFIX + "down" + i + ".res", in, ch[i], e);
            downCross[i] = new CrossAttention(p, PREFIX + "down" + i + ".cross", ch[i], ctx, heads);
            in = ch[i];
        }
        downsample = new Conv2d(p, PREFIX + "down0.downsample", b, b, 3, 2, 1);
        downSelf = new Attention(p, PREFIX + "down1.self", ch[1]);
        mid1 = new ResBlock(p, PREFIX + "mid.res1", ch[1], ch[1], e);
        midSelf = new Attention(p, PREFIX + "mid.self", ch[1]);
        midCross = new CrossAttention(p, PREFIX + "mid.cross", ch[1], ctx, heads);
        mid2 = new ResBlock(p, PREFIX + "mid.res2", ch[1], ch[1], e);
        up[1] = new ResBlock(p, PREFIX + "up1.res", ch[1] + ch[1], ch[1], e);
        upSelf = new Attention(p, PREFIX + "up1.self", ch[1]);
        upCross[1] = new CrossAttention(p, PREFIX + "up1.cross", ch[1], ctx, heads);
        upsample = Conv2d.same(p, PREFIX + "up1.upsample", ch[1], ch[1], 3);
        up[0] = new ResBlock(p, PREFIX + "up0.res", ch[1] + ch[0], ch[0], e);
        upCross[0] = new CrossAttention(p, PREFIX + "up0.cross", ch[0], ctx, heads);
        normOut = GroupNorm.of(p, PREFIX + "norm_out", b);
        convOut = Conv2d.same(p, PREFIX + "conv_out", b, z, 3);
    }

    /**
     * @param z       (B, z, s, s) noisy latents
     * @param t       (B) timesteps
     * @param context (B, T, D) the text encoder's hidden states
     * @return the prediction (B, z, s, s): ε, v or x₀ as the config says
     */
    NDArray forward(NDArray z, NDArray t, NDArray context) {
        NDArray pooled = context.mean(new int[] {1}); // (B, D)
        NDArray emb = Tensors.silu(time.forward(t).add(pooledText.forward(pooled)));
        NDArray h = downCross[0].forward(down[0].forward(convIn.forward(z), emb), context);
        NDArray skip0 = h;
        h = downSelf.forward(down[1].forward(downsample.forward(h), emb));
        h = downCross[1].forward(h, context);
        NDArray skip1 = h;
        h = mid2.forward(midCross.forward(midSelf.forward(mid1.forward(h, emb)), context), emb);
        h = upCross[1].forward(upSelf.forward(up[1].forward(h.concat(skip1, 1), emb)), context);
        h = upsample.forward(Tensors.upsample2x(h));
        h = upCross[0].forward(up[0].forward(h.concat(skip0, 1), emb), context);
        return convOut.forward(Tensors.silu(normOut.forward(h)));
    }

    LdmConfig config() {
        return config;
    }
}
