package dev.genlab.model.gan;

import ai.djl.ndarray.NDArray;
import dev.genlab.nn.Conv2d;
import dev.genlab.nn.Linear;
import dev.genlab.nn.Parameters;
import dev.genlab.nn.Tensors;

/**
 * DCGAN's discriminator: 3×3 conv, two stride-2 3×3 convs with leaky ReLU, a minibatch standard-deviation
 * channel (Karras et al., 2018: lets it see a batch's lack of variety, which discourages mode collapse),
 * a feature layer, and a logit. A conditional model adds the projection term ⟨embed(y), φ(x)⟩ (Miyato
 * &amp; Koyama, 2018) instead of feeding the class in.
 */
final class DcganDiscriminator {

    static final String PREFIX = "discriminator.";
    private static final float SLOPE = 0.2f;
    private static final int FEATURES = 128;

    private final Conv2d in;
    private final Conv2d down1;
    private final Conv2d down2;
    private final Linear features;
    private final Linear logit;
    private final Linear classEmbed;

    DcganDiscriminator(GanConfig config, Parameters p) {
        int b = config.baseChannels();
        int c = config.image().channels();
        int low = (config.image().height() / 4) * (config.image().width() / 4);
        in = Conv2d.same(p, PREFIX + "conv_in", c, b, 3);
        down1 = new Conv2d(p, PREFIX + "down1", b, 2 * b, 3, 2, 1);
        down2 = new Conv2d(p, PREFIX + "down2", 2 * b, 4 * b, 3, 2, 1);
        features = new Linear(p, PREFIX + "features", (4 * b + 1) * low, FEATURES);
        logit = new Linear(p, PREFIX + "logit", FEATURES, 1);
        classEmbed = config.conditional() ? new Linear(p, PREFIX + "class_embed", config.numClasses(), FEATURES) : null;
    }

    /**
     * @param x       (B, C, H, W) in [0, 1]
     * @param oneHot  (B, K), or null for an unconditional model
     * @return logits (B) of "real"
     */
    NDArray forward(NDArray x, NDArray oneHot) {
        NDArray h = Tensors.leakyRelu(in.forward(x), SLOPE);
        h = Tensors.leakyRelu(down1.forward(h), SLOPE);
        h = Tensors.leakyRelu(down2.forward(h), SLOPE);
        h = h.concat(Tensors.minibatchStd(h), 1);
        NDArray phi = Tensors.leakyRelu(features.forward(h.reshape(h.getShape().get(0), -1)), SLOPE); // (B, F)
        NDArray out = logit.forward(phi).reshape(-1);
        if (classEmbed != null) {
            out = out.add(classEmbed.forward(oneHot).mul(phi).sum(new int[] {1}));
        }
        return out;
    }

}
