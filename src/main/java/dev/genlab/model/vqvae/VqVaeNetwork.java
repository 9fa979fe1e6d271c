package dev.genlab.model.vqvae;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import dev.genlab.nn.Conv2d;
import dev.genlab.nn.Parameters;
import dev.genlab.nn.Tensors;
import dev.genlab.nn.VectorQuantizer;

/**
 * The VQ-VAE's autoencoder (van den Oord et al., 2017, "Neural Discrete Representation Learning"), laid
 * out as in the paper's image experiments: encoder of two stride-2 4×4 convolutions, a 3×3 convolution and
 * two residual blocks (ReLU, 3×3, ReLU, 1×1), then a 1×1 projection to the code dimension; decoder the
 * mirror image with nearest 2× upsampling + 3×3 convolution instead of transposed convolutions (DJL's
 * PyTorch engine has none), ending in a sigmoid (pixels in [0, 1]).
 */
final class VqVaeNetwork {

    /** Parameters the autoencoder's optimiser trains; the codebook lives under {@link #QUANTIZER}. */
    static final String PREFIX = "vqvae.";
    static final String QUANTIZER = "quantizer";
    static final float CODEBOOK_DECAY = 0.99f;

    private final VqVaeConfig config;
    private final Conv2d enc1;
    private final Conv2d enc2;
    private final Conv2d enc3;
    private final Conv2d[] encRes;
    private final Conv2d encOut;
    private final VectorQuantizer quantizer;
    private final Conv2d decIn;
    private final Conv2d[] decRes;
    private final Conv2d dec1;
    private final Conv2d dec2;
    private final Conv2d decOut;

    VqVaeNetwork(VqVaeConfig config, Parameters p) {
        this.config = config;
        int c = config.channels();
        int in = config.image().channels();
        enc1 = new Conv2d(p, PREFIX + "encoder.down1", in, c / 2, 4, 2, 1);
        enc2 = new Conv2d(p, PREFIX + "encoder.down2", c / 2, c, 4, 2, 1);
        enc3 = Conv2d.same(p, PREFIX + "encoder.conv", c, c, 3);
        encRes = residualStack(p, PREFIX + "encoder.res", c);
        encOut = Conv2d.same(p, PREFIX + "encoder.to_code", c, config.codeDim(), 1);
        quantizer = new VectorQuantizer(p, QUANTIZER, config.codes(), config.codeDim(), CODEBOOK_DECAY);
        decIn = Conv2d.same(p, PREFIX + "decoder.from_code", config.codeDim(), c, 3);
        decRes = residualStack(p, PREFIX + "decoder.res", c);
        dec1 = Conv2d.same(p, PREFIX + "decoder.up1", c, c / 2, 3);
        dec2 = Conv2d.same(p, PREFIX + "decoder.up2", c / 2, c / 2, 3);
        decOut = Conv2d.same(p, PREFIX + "decoder.conv_out", c / 2, in, 3);
    }

    private static Conv2d[] residualStack(Parameters p, String name, int c) {
        Conv2d[] convs = new Conv2d[4];
        for (int i = 0; i < 2; i++) {
            convs[2 * i] = Conv2d.same(p, name + i + ".conv3", c, c / 2, 3);
            convs[2 * i + 1] = Conv2d.same(p, name + i + ".conv1", c / 2, c, 1);
        }
        return convs;
    }

    private static NDArray residual(Conv2d[] convs, NDArray x) {
        for (int i = 0; i < convs.length; i += 2) {
            x = x.add(convs[i + 1].forward(Activation.relu(convs[i].forward(Activation.relu(x)))));
        }
        return Activation.relu(x);
    }

    VqVaeConfig config() {
        return config;
    }

    VectorQuantizer quantizer() {
        return quantizer;
    }

    /** (B, C, H, W) in [0, 1] → continuous codes (B, D, H/4, W/4), before quantisation. */
    NDArray encode(NDArray x) {
        NDArray h = Activation.relu(enc1.forward(Tensors.scale(x, 2).sub(1f)));
        h = enc3.forward(Activation.relu(enc2.forward(h)));
        return encOut.forward(residual(encRes, h));
    }

    /** Quantised codes (B, D, h, w) → images (B, C, H, W) in [0, 1]. */
    NDArray decode(NDArray codes) {
        NDArray h = residual(decRes, decIn.forward(codes));
        h = Activation.relu(dec1.forward(Tensors.upsample2x(h)));
        h = Activation.relu(dec2.forward(Tensors.upsample2x(h)));
        return Activation.sigmoid(decOut.forward(h));
    }

    /** The code indices (B, h, w) of images, with no gradient. */
    NDArray codesOf(NDArray x) {
        return quantizer.quantise(encode(x)).indices();
    }
}
