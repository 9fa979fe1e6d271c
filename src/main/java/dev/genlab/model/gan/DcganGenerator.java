package dev.genlab.model.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import dev.genlab.nn.Conv2d;
import dev.genlab.nn.Linear;
import dev.genlab.nn.Parameters;
import dev.genlab.nn.Tensors;

/**
 * DCGAN's generator (Radford et al., 2016) with two changes for this engine and for reproducibility:
 * nearest 2× upsampling + 3×3 conv instead of transposed convolutions (which DJL's PyTorch engine lacks),
 * and pixel-wise feature normalisation instead of batch norm, so an image does not depend on the other
 * images of its batch. z (and the one-hot class) → linear → (4b, H/4, W/4) → two (upsample, conv, conv)
 * stages → sigmoid image.
 */
final class DcganGenerator {

    static final String PREFIX = "generator.";
    private static final float SLOPE = 0.2f;

    private final GanConfig config;
    private final int lowH;
    private final int lowW;
    private final Linear in;
    private final Conv2d[] convs = new Conv2d[4];
    private final Conv2d out;

    DcganGenerator(GanConfig config, Parameters p) {
        this.config = config;
        int b = config.baseChannels();
        lowH = config.image().height() / 4;
        lowW = config.image().width() / 4;
        in = new Linear(p, PREFIX + "from_latent", config.latentDim() + config.numClasses(), 4 * b * lowH * lowW);
        int[][] io = {{4 * b, 2 * b}, {2 * b, 2 * b}, {2 * b, b}, {b, b}};
        for (int i = 0; i < io.length; i++) {
            convs[i] = Conv2d.same(p, PREFIX + "conv" + (i + 1), io[i][0], io[i][1], 3);
        }
        out = Conv2d.same(p, PREFIX + "to_image", b, config.image().channels(), 3);
    }

    /**
     * @param z     (B, latent)
     * @param class (B, K) one-hot or soft class weights, or null for an unconditional model
     * @return images (B, C, H, W) in [0, 1]
     */
    NDArray forward(NDArray z, NDArray classes) {
        NDArray x = classes == null ? z : z.concat(classes, 1);
        NDArray h = in.forward(x).reshape(z.getShape().get(0), 4L * config.baseChannels(), lowH, lowW);
        h = Tensors.leakyRelu(Tensors.pixelNorm(h), SLOPE);
        for (int i = 0; i < convs.length; i++) {
            if (i % 2 == 0) {
                h = Tensors.upsample2x(h);
            }
            h = Tensors.leakyRelu(Tensors.pixelNorm(convs[i].forward(h)), SLOPE);
        }
        return Activation.sigmoid(out.forward(h));
    }
}
