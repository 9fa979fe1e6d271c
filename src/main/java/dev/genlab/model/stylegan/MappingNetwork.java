package dev.genlab.model.stylegan;

import ai.djl.ndarray.NDArray;
import dev.genlab.nn.EqualizedLinear;
import dev.genlab.nn.Parameters;
import dev.genlab.nn.Tensors;

/**
 * StyleGAN's mapping network z → w: z normalised to unit mean square, then fully connected layers with
 * leaky ReLU and a learning-rate multiplier of 0.01. A conditional model embeds the class the way
 * StyleGAN2-ADA does: a linear embedding, normalised, concatenated with the normalised z.
 */
final class MappingNetwork {

    private static final double LR_MUL = 0.01;
    private static final float GAIN = (float) Math.sqrt(2);

    private final EqualizedLinear embed;
    private final EqualizedLinear[] layers;

    MappingNetwork(StyleGanConfig c, Parameters p, String prefix) {
        embed = c.conditional() ? new EqualizedLinear(p, prefix + "embed", c.classes().size(), c.zDim(), 1.0, 0f)
                : null;
        layers = new EqualizedLinear[c.mappingLayers()];
        int in = c.conditional() ? 2 * c.zDim() : c.zDim();
        for (int i = 0; i < layers.length; i++) {
            layers[i] = new EqualizedLinear(p, prefix + "fc" + i, in, c.wDim(), LR_MUL, 0f);
            in = c.wDim();
        }
    }

    /** z (B, zDim), one-hot classes (B, K) or null → w (B, wDim). */
    NDArray forward(NDArray z, NDArray oneHot) {
        NDArray x = Tensors.pixelNorm(z);
        if (embed != null) {
            x = x.concat(Tensors.pixelNorm(embed.forward(oneHot)), 1);
        }
        for (EqualizedLinear fc : layers) {
            x = Tensors.scale(Tensors.leakyRelu(fc.forward(x), 0.2f), GAIN);
        }
        return x;
    }
}
