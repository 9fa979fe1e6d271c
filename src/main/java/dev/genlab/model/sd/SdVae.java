package dev.genlab.model.sd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.genlab.nn.Conv2d;
import dev.genlab.nn.GroupNorm;
import dev.genlab.nn.Parameters;
import dev.genlab.nn.Tensors;

/**
 * Stable Diffusion's VAE (AutoencoderKL, Rombach et al., 2022), parameters named as in the CompVis
 * checkpoints without the {@code first_stage_model.} prefix. Encoder: conv_in, per level residual blocks
 * and (but the last) a stride-2 conv on input padded right and bottom; mid block (resnet, attention, resnet);
 * GroupNorm, SiLU, conv_out to the mean and log-variance; quant_conv. Decoder: post_quant_conv, conv_in, mid
 * block, per level from the lowest one more residual block than the encoder and (but the first) nearest
 * 2× upsampling + conv; GroupNorm, SiLU, conv_out. Images in [−1, 1].
 */
final class SdVae {

    private final SdVaeConfig config;
    private final Conv2d encIn;
    private final VaeBlocks.Resnet[][] down;
    private final Conv2d[] downsample;
    private final VaeBlocks.Resnet[] encMid = new VaeBlocks.Resnet[2];
    private final VaeBlocks.SelfAttention encAttn;
    private final GroupNorm encNorm;
    private final Conv2d encOut;
    private final Conv2d quant;

    private final Conv2d postQuant;
    private final Conv2d decIn;
    private final VaeBlocks.Resnet[] decMid = new VaeBlocks.Resnet[2];
    private final VaeBlocks.SelfAttention decAttn;
    private final VaeBlocks.Resnet[][] up;
    private final Conv2d[] upsample;
    private final GroupNorm decNorm;
    private final Conv2d decOut;

    SdVae(SdVaeConfig config, Parameters p) {
        this.config = config;
        int levels = config.levels();
        int z = config.latentChannels();
        int top = config.channels(levels - 1);
        encIn = Conv2d.same(p, "encoder.conv_in", config.imageChannels(), config.baseChannels(), 3);
        down = new VaeBlocks.Resnet[levels][config.resBlocks()];
        downsample = new Conv2d[levels];
        int in = config.baseChannels();
        for (int i = 0; i < levels; i++) {
            int out = config.channels(i);
            for (int j = 0; j < config.resBlocks(); j++) {
                down[i][j] = new VaeBlocks.Resnet(p, "encoder.down." + i + ".block." + j, in, out);
                in = out;
            }
            if (i < levels - 1) {
                downsample[i] = new Conv2d(p, "encoder.down." + i + ".downsample.conv", out, out, 3, 2, 0);
            }
        }
        encMid[0] = new VaeBlocks.Resnet(p, "encoder.mid.block_1", top, top);
        encAttn = new VaeBlocks.SelfAttention(p, "encoder.mid.attn_1", top);
        encMid[1] = new VaeBlocks.Resnet(p, "encoder.mid.block_2", top, top);
        encNorm = VaeBlocks.norm(p, "encoder.norm_out", top);
        encOut = Conv2d.same(p, "encoder.conv_out", top, 2 * z, 3);
        quant = Conv2d.same(p, "quant_conv", 2 * z, 2 * z, 1);

        postQuant = Conv2d.same(p, "post_quant_conv", z, z, 1);
        decIn = Conv2d.same(p, "decoder.conv_in", z, top, 3);
        decMid[0] = new VaeBlocks.Resnet(p, "decoder.mid.block_1", top, top);
        decAttn = new VaeBlocks.SelfAttention(p, "decoder.mid.attn_1", top);
        decMid[1] = new VaeBlocks.Resnet(p, "decoder.mid.block_2", top, top);
        up = new VaeBlocks.Resnet[levels][config.resBlocks() + 1];
        upsample = new Conv2d[levels];
        in = top;
        for (int i = levels - 1; i >= 0; i--) {
            int out = config.channels(i);
            for (int j = 0; j <= config.resBlocks(); j++) {
                up[i][j] = new VaeBlocks.Resnet(p, "decoder.up." + i + ".block." + j, in, out);
                in = out;
            }
            if (i > 0) {
                upsample[i] = Conv2d.same(p, "decoder.up." + i + ".upsample.conv", out, out, 3);
            }
        }
        decNorm = VaeBlocks.norm(p, "decoder.norm_out", config.baseChannels());
        decOut = Conv2d.same(p, "decoder.conv_out", config.baseChannels(), config.imageChannels(), 3);
    }

    SdVaeConfig config() {
        return config;
    }

    /** The posterior mean of images (B, 3, H, W) in [−1, 1]: (B, z, H/8, W/8), unscaled. */
    NDArray encodeMean(NDArray x) {
        NDArray h = Tensors.scoped(x, t -> encIn.forwardInBands(t, 1));
        for (int i = 0; i < config.levels(); i++) {
            for (VaeBlocks.Resnet r : down[i]) {
                h = Tensors.consumed(h, r::forward);
            }
            if (downsample[i] != null) {
                Conv2d d = downsample[i];
                // asymmetric padding (right and bottom only), as the original Downsample does
                h = Tensors.consumed(h, t -> d.forward(t.pad(new Shape(0, 1, 0, 1), 0)));
            }
        }
        h = Tensors.consumed(h, encMid[0]::forward);
        h = Tensors.consumed(h, encAttn::forward);
        h = Tensors.consumed(h, encMid[1]::forward);
        return Tensors.consumed(h, t -> quant.forward(encOut.forward(Tensors.siluInPlace(encNorm.forward(t))))
                .get(":, 0:" + config.latentChannels()));
    }

    /** Latents (B, z, h, w), unscaled → images (B, 3, 8h, 8w), unbounded (the data's range is [−1, 1]). */
    NDArray decode(NDArray z) {
        NDArray h = Tensors.scoped(z, t -> decIn.forward(postQuant.forward(t)));
        h = Tensors.consumed(h, decMid[0]::forward);
        h = Tensors.consumed(h, decAttn::forward);
        h = Tensors.consumed(h, decMid[1]::forward);
        for (int i = config.levels() - 1; i >= 0; i--) {
            for (VaeBlocks.Resnet r : up[i]) {
                h = Tensors.consumed(h, r::forward);
            }
            if (upsample[i] != null) {
                Conv2d u = upsample[i];
                h = Tensors.consumed(h, t -> u.forwardInBands(t, 2)); // upsampled band by band
            }
        }
        return Tensors.consumed(h, t -> decOut.forwardInBands(Tensors.siluInPlace(decNorm.forward(t)), 1));
    }
}
