package dev.genlab.model.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.genlab.nn.Conv2d;
import dev.genlab.nn.GroupNorm;
import dev.genlab.nn.Linear;
import dev.genlab.nn.Parameters;
import dev.genlab.nn.Tensors;

/**
 * A convolutional VAE (Kingma &amp; Welling, 2014). Encoder: conv → two stride-2 stages → linear to the
 * mean and log-variance of z. Decoder: linear → two (nearest 2× upsample + conv) stages, each with an
 * extra conv → logits of a Bernoulli per pixel. GroupNorm + SiLU before each conv. A conditional model
 * adds a class embedding to the encoder's first features and appends the one-hot class to z.
 */
final class VaeNetwork {

    /** The encoder's output for a batch. */
    record Posterior(NDArray mean, NDArray logVar) {} // each (B, latent)

    private final VaeConfig config;
    private final Parameters params;
    private final int lowH;
    private final int lowW;
    private final int lowC;

    private final Conv2d encIn;
    private final Linear encClass;
    private final GroupNorm encNorm1;
    private final Conv2d encDown1;
    private final GroupNorm encNorm2;
    private final Conv2d encDown2;
    private final GroupNorm encNorm3;
    private final Linear encOut;

    private final Linear decIn;
    private final GroupNorm[] decNorms = new GroupNorm[5];
    private final Conv2d[] decConvs = new Conv2d[5];

    VaeNetwork(VaeConfig config, Parameters p) {
        this.config = config;
        this.params = p;
        int c = config.image().channels();
        int b = config.baseChannels();
        lowH = config.image().height() / 4;
        lowW = config.image().width() / 4;
        lowC = 4 * b;
        int z = config.latentDim();
        int k = config.numClasses();

        encIn = Conv2d.same(p, "encoder.conv_in", c, b, 3);
        encClass = config.conditional() ? new Linear(p, "encoder.class_embed", k, b) : null;
        encNorm1 = GroupNorm.of(p, "encoder.norm1", b);
        encDown1 = new Conv2d(p, "encoder.down1", b, 2 * b, 3, 2, 1);
        encNorm2 = GroupNorm.of(p, "encoder.norm2", 2 * b);
        encDown2 = new Conv2d(p, "encoder.down2", 2 * b, lowC, 3, 2, 1);
        encNorm3 = GroupNorm.of(p, "encoder.norm3", lowC);
        encOut = new Linear(p, "encoder.to_latent", lowC * lowH * lowW, 2 * z);

        decIn = new Linear(p, "decoder.from_latent", z + k, lowC * lowH * lowW);
        int[][] io = {{lowC, 2 * b}, {2 * b, 2 * b}, {2 * b, b}, {b, b}, {b, c}};
        for (int i = 0; i < io.length; i++) {
            decNorms[i] = GroupNorm.of(p, "decoder.norm" + (i + 1), io[i][0]);
            String name = i == io.length - 1 ? "decoder.conv_out" : "decoder.conv" + (i + 1);
            decConvs[i] = Conv2d.same(p, name, io[i][0], io[i][1], 3);
        }
    }

    VaeConfig config() {
        return config;
    }

    Parameters parameters() {
        return params;
    }

    /** (B, C, H, W) in [0, 1] → posterior of z. */
    Posterior encode(NDArray x, NDArray oneHot) {
        NDArray h = encIn.forward(x);
        if (encClass != null) {
            NDArray e = encClass.forward(oneHot); // (B, base)
            h = h.add(e.reshape(e.getShape().get(0), e.getShape().get(1), 1, 1));
        }
        h = encDown1.forward(Tensors.silu(encNorm1.forward(h)));
        h = encDown2.forward(Tensors.silu(encNorm2.forward(h)));
        h = Tensors.silu(encNorm3.forward(h));
        NDArray stats = encOut.forward(h.reshape(h.getShape().get(0), -1)); // (B, 2·latent)
        int z = config.latentDim();
        return new Posterior(stats.get(":, :" + z), stats.get(":, " + z + ":"));
    }

    /** z (B, latent) → logits (B, C, H, W); sigmoid gives the mean image. */
    NDArray decodeLogits(NDArray z, NDArray oneHot) {
        NDArray in = oneHot == null ? z : z.concat(oneHot, 1);
        NDArray h = decIn.forward(in).reshape(z.getShape().get(0), lowC, lowH, lowW);
        for (int i = 0; i < decConvs.length; i++) {
            h = Tensors.silu(decNorms[i].forward(h));
            if (i == 0 || i == 2) {
                h = Tensors.upsample2x(h);
            }
            h = decConvs[i].forward(h);
        }
        return h;
    }

    /** One-hot rows for a conditional model, null for an unconditional one. */
    NDArray oneHot(NDManager m, int[] classes) {
        return config.conditional() ? Tensors.oneHot(m, classes, config.numClasses()) : null;
    }
}
