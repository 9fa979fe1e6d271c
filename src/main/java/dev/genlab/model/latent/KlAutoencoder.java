package dev.genlab.model.latent;

import ai.djl.ndarray.NDArray;
import dev.genlab.nn.Attention;
import dev.genlab.nn.Conv2d;
import dev.genlab.nn.GroupNorm;
import dev.genlab.nn.Parameters;
import dev.genlab.nn.ResBlock;
import dev.genlab.nn.Tensors;

/**
 * The KL autoencoder of latent diffusion, Stable Diffusion's VAE at small scale. Encoder: conv, then per
 * resolution (canvas, /2, /4) a residual block, stride-2 convs between them, self-attention at the lowest
 * resolution, GroupNorm + SiLU + conv to the latent's mean and log-variance. The decoder mirrors it with
 * nearest upsampling + conv. Images go in and come out in [−1, 1], centred in the canvas.
 */
final class KlAutoencoder {

    static final String PREFIX = "ae.";

    /** The encoder's output: mean and log-variance, each (B, latentChannels, s, s). */
    record Posterior(NDArray mean, NDArray logVar) {

        /** A draw z = μ + σ·ε for ε of the same shape. */
        NDArray sample(NDArray eps) {
            return mean.add(Tensors.scale(logVar, 0.5).exp().mul(eps));
        }

        /** KL(q(z|x) ‖ N(0, I)) summed over the latent of each image: (B). */
        NDArray kl() {
            NDArray perValue = mean.square().add(logVar.exp()).sub(1f).sub(logVar);
            return Tensors.scale(perValue.reshape(perValue.getShape().get(0), -1).sum(new int[] {1}), 0.5);
        }
    }

    private final AutoencoderConfig config;
    private final Conv2d encIn;
    private final ResBlock[] encRes = new ResBlock[3];
    private final Conv2d[] encDown = new Conv2d[2];
    private final Attention encAttn;
    private final GroupNorm encNorm;
    private final Conv2d encOut;

    private final Conv2d decIn;
    private final ResBlock[] decRes = new ResBlock[3];
    private final Attention decAttn;
    private final Conv2d[] decUp = new Conv2d[2];
    private final GroupNorm decNorm;
    private final Conv2d decOut;

    KlAutoencoder(AutoencoderConfig config, Parameters p) {
        this.config = config;
        int b = config.baseChannels();
        int[] ch = {b, 2 * b, 2 * b};
        int c = config.image().channels();
        int z = config.latentChannels();
        encIn = Conv2d.same(p, PREFIX + "enc.conv_in", c, b, 3);
        int in = b;
        for (int i = 0; i < 3; i++) {
            encRes[i] = new ResBlock(p, PREFIX + "enc.res" + i, in, ch[i]);
            in = ch[i];
            if (i < 2) {
                encDown[i] = new Conv2d(p, PREFIX + "enc.down" + i, in, in, 3, 2, 1);
            }
        }
        encAttn = new Attention(p, PREFIX + "enc.attn", ch[2]);
        encNorm = GroupNorm.of(p, PREFIX + "enc.norm_out", ch[2]);
        encOut = Conv2d.same(p, PREFIX + "enc.conv_out", ch[2], 2 * z, 3);

        decIn = Conv2d.same(p, PREFIX + "dec.conv_in", z, ch[2], 3);
        decAttn = new Attention(p, PREFIX + "dec.attn", ch[2]);
        for (int i = 2; i >= 0; i--) {
            int from = i == 2 ? ch[2] : ch[i + 1];
            decRes[i] = new ResBlock(p, PREFIX + "dec.res" + i, from, ch[i]);
            if (i > 0) {
                decUp[i - 1] = Conv2d.same(p, PREFIX + "dec.up" + i, ch[i], ch[i], 3);
            }
        }
        decNorm = GroupNorm.of(p, PREFIX + "dec.norm_out", b);
        decOut = Conv2d.same(p, PREFIX + "dec.conv_out", b, c, 3);
    }

    /** @param canvas (B, C, S, S) in [−1, 1] */
    Posterior encode(NDArray canvas) {
        NDArray h = encIn.forward(canvas);
        for (int i = 0; i < 3; i++) {
            h = encRes[i].forward(h);
            if (i < 2) {
                h = encDown[i].forward(h);
            }
        }
        h = encOut.forward(Tensors.silu(encNorm.forward(encAttn.forward(h)))); // (B, 2z, s, s)
        int z = config.latentChannels();
        NDArray mean = h.get(":, 0:" + z);
        // clipped as Stable Diffusion's DiagonalGaussianDistribution does, so exp() cannot overflow early on
        NDArray logVar = h.get(":, " + z + ":").clip(-30f, 20f);
        return new Posterior(mean, logVar);
    }

    /** @param z (B, latentChannels, s, s) → (B, C, S, S), unbounded (the data's range is [−1, 1]) */
    NDArray decode(NDArray z) {
        NDArray h = decAttn.forward(decIn.forward(z));
        for (int i = 2; i >= 0; i--) {
            h = decRes[i].forward(h);
            if (i > 0) {
                h = decUp[i - 1].forward(Tensors.upsample2x(h));
            }
        }
        return decOut.forward(Tensors.silu(decNorm.forward(h)));
    }

    /** Encode to the posterior mean and decode: images (B, C, H, W) in [0, 1] → their reconstructions. */
    NDArray reconstruct(NDArray images) {
        return toImages(decode(encode(toCanvas(images)).mean()));
    }

    /**
     * The latents diffusion runs on: the posterior means of images (B, C, H, W) in [0, 1], times the scale
     * factor, (B, latentChannels, s, s) on the images' manager.
     */
    NDArray encodeScaled(NDArray images) {
        return encode(toCanvas(images)).mean().mul((float) config.scaleFactor());
    }

    /** Scaled latents back to images in [0, 1], (B, C, H, W). */
    NDArray decodeScaled(NDArray latents) {
        return toImages(decode(latents.div((float) config.scaleFactor())));
    }

    /** Data images (B, C, H, W) in [0, 1] → the canvas in [−1, 1], black around. */
    NDArray toCanvas(NDArray images) {
        return Tensors.padCentred(Tensors.scale(images, 2).sub(1f), config.canvas(), -1f);
    }

    /** A decoded canvas → the image inside it, in [0, 1]. */
    NDArray toImages(NDArray canvas) {
        return Tensors.cropCentred(canvas, config.image().height(), config.image().width()).add(1f).mul(0.5f)
                .clip(0f, 1f);
    }

    AutoencoderConfig config() {
        return config;
    }
}
