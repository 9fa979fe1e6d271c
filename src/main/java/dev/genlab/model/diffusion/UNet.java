package dev.genlab.model.diffusion;

import ai.djl.ndarray.NDArray;
import dev.genlab.nn.Attention;
import dev.genlab.nn.Conv2d;
import dev.genlab.nn.GroupNorm;
import dev.genlab.nn.Linear;
import dev.genlab.nn.Parameters;
import dev.genlab.nn.ResBlock;
import dev.genlab.nn.Tensors;
import dev.genlab.nn.TimestepEmbedding;

/**
 * The denoising UNet (Ronneberger et al., 2015, as Ho et al. use it) at three resolutions (H, H/2, H/4)
 * with b, 2b, 2b channels: a residual block per level on the way down and up (the up block also takes
 * the down block's output), self-attention at the lowest resolution and in the middle, stride-2 convs
 * down, nearest upsampling + conv up. The timestep embedding plus a class embedding (the last class is
 * the null class of classifier-free guidance) conditions every residual block.
 */
final class UNet {

    static final String PREFIX = "unet.";

    private final DiffusionConfig config;
    private final TimestepEmbedding time;
    private final Linear classEmbed;
    private final Conv2d convIn;
    private final ResBlock[] down = new ResBlock[3];
    private final Conv2d[] downsample = new Conv2d[2];
    private final Attention downAttn;
    private final ResBlock mid1;
    private final Attention midAttn;
    private final ResBlock mid2;
    private final ResBlock[] up = new ResBlock[3];
    private final Attention upAttn;
    private final Conv2d[] upsample = new Conv2d[2];
    private final GroupNorm normOut;
    private final Conv2d convOut;

    UNet(DiffusionConfig config, Parameters p) {
        this.config = config;
        int b = config.baseChannels();
        int[] ch = {b, 2 * b, 2 * b};
        time = new TimestepEmbedding(p, PREFIX + "time", b);
        int e = time.outputDim();
        classEmbed = new Linear(p, PREFIX + "class_embed", config.classInputs(), e);
        convIn = Conv2d.same(p, PREFIX + "conv_in", config.image().channels(), b, 3);
        int in = b;
        for (int i = 0; i < 3; i++) {
            down[i] = new ResBlock(p, PREFIX + "down" + i + ".res", in, ch[i], e);
            in = ch[i];
            if (i < 2) {
                downsample[i] = new Conv2d(p, PREFIX + "down" + i + ".downsample", in, in, 3, 2, 1);
            }
        }
        downAttn = new Attention(p, PREFIX + "down2.attn", ch[2]);
        mid1 = new ResBlock(p, PREFIX + "mid.res1", ch[2], ch[2], e);
        midAttn = new Attention(p, PREFIX + "mid.attn", ch[2]);
        mid2 = new ResBlock(p, PREFIX + "mid.res2", ch[2], ch[2], e);
        for (int i = 2; i >= 0; i--) {
            int from = i == 2 ? ch[2] : ch[i + 1];
            up[i] = new ResBlock(p, PREFIX + "up" + i + ".res", from + ch[i], ch[i], e);
            if (i > 0) {
                upsample[i - 1] = Conv2d.same(p, PREFIX + "up" + i + ".upsample", ch[i], ch[i], 3);
            }
        }
        upAttn = new Attention(p, PREFIX + "up2.attn", ch[2]);
        normOut = GroupNorm.of(p, PREFIX + "norm_out", b);
        convOut = Conv2d.same(p, PREFIX + "conv_out", b, config.image().channels(), 3);
    }

    /**
     * @param x       (B, C, H, W) noisy images
     * @param t       (B) timesteps
     * @param classes (B, K+1) one-hot classes, the last column the null class
     * @return the prediction (B, C, H, W): ε, v or x₀ as the config says
     */
    NDArray forward(NDArray x, NDArray t, NDArray classes) {
        NDArray emb = Tensors.silu(time.forward(t).add(classEmbed.forward(classes)));
        NDArray h = convIn.forward(x);
        NDArray[] skips = new NDArray[3];
        for (int i = 0; i < 3; i++) {
            h = down[i].forward(h, emb);
            if (i == 2) {
                h = downAttn.forward(h);
            }
            skips[i] = h;
            if (i < 2) {
                h = downsample[i].forward(h);
            }
        }
        h = mid2.forward(midAttn.forward(mid1.forward(h, emb)), emb);
        for (int i = 2; i >= 0; i--) {
            h = up[i].forward(h.concat(skips[i], 1), emb);
            if (i == 2) {
                h = upAttn.forward(h);
            }
            if (i > 0) {
                h = upsample[i - 1].forward(Tensors.upsample2x(h));
            }
        }
        return convOut.forward(Tensors.silu(normOut.forward(h)));
    }

    DiffusionConfig config() {
        return config;
    }
}
