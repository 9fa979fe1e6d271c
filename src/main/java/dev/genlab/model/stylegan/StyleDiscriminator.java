package dev.genlab.model.stylegan;

import ai.djl.ndarray.NDArray;
import dev.genlab.nn.Conv2d;
import dev.genlab.nn.Linear;
import dev.genlab.nn.Parameters;
import dev.genlab.nn.Tensors;
import java.util.ArrayList;
import java.util.List;

/**
 * StyleGAN2's residual discriminator: fromRGB, then per resolution two 3×3 convs (the second with stride 2)
 * beside a 2×2 average-pool + 1×1 conv skip, summed and scaled by 1/√2; at 4×4 a minibatch-std channel,
 * a 3×3 conv, a fully connected layer and the logit, plus a class projection for conditional models
 * (Miyato &amp; Koyama, 2018). Plain convolutions (no equalised learning rate) and average pooling instead
 * of StyleGAN2's FIR filters.
 */
final class StyleDiscriminator {

    static final String PREFIX = "d.";
    private static final float SKIP_GAIN = (float) Math.sqrt(0.5);

    private final StyleGanConfig config;
    private final Conv2d fromRgb;
    private final List<Conv2d[]> blocks = new ArrayList<>();
    private final Conv2d finalConv;
    private final Linear fc;
    private final Linear out;
    private final Linear classEmbed;

    StyleDiscriminator(StyleGanConfig c, Parameters p) {
        this.config = c;
        int ch = c.channels();
        fromRgb = Conv2d.same(p, PREFIX + "from_rgb", c.image().channels(), ch, 1);
        for (int res = c.canvas(); res > 4; res /= 2) {
            String name = PREFIX + "b" + res;
            blocks.add(new Conv2d[] {Conv2d.same(p, name + ".conv0", ch, ch, 3),
                new Conv2d(p, name + ".conv1", ch, ch, 3, 2, 1), Conv2d.same(p, name + ".skip", ch, ch, 1)});
        }
        finalConv = Conv2d.same(p, PREFIX + "b4.conv", ch + 1, ch, 3);
        fc = new Linear(p, PREFIX + "b4.fc", ch * 16, ch);
        out = new Linear(p, PREFIX + "b4.out", ch, 1);
        classEmbed = c.conditional() ? new Linear(p, PREFIX + "class_embed", c.classes().size(), ch) : null;
    }

    /** images (B, C, canvas, canvas) in [−1, 1], one-hot (B, K) or null → logits (B). */
    NDArray forward(NDArray images, NDArray oneHot) {
        NDArray h = Tensors.leakyRelu(fromRgb.forward(images), 0.2f);
        for (Conv2d[] b : blocks) {
            NDArray skip = b[2].forward(avgPool2(h));
            NDArray main = Tensors.leakyRelu(b[1].forward(Tensors.leakyRelu(b[0].forward(h), 0.2f)), 0.2f);
            h = Tensors.scale(main.add(skip), SKIP_GAIN);
        }
        h = Tensors.leakyRelu(finalConv.forward(h.concat(Tensors.minibatchStd(h), 1)), 0.2f);
        NDArray features = Tensors.leakyRelu(fc.forward(h.reshape(h.getShape().get(0), -1)), 0.2f);
        NDArray logit = out.forward(features).reshape(-1);
        if (classEmbed != null) {
            logit = logit.add(classEmbed.forward(oneHot).mul(features).sum(new int[] {1}));
        }
        return logit;
    }

    private static NDArray avgPool2(NDArray x) {
        var s = x.getShape();
        // DJL's PyTorch mean takes one axis only: sum the 2×2 block and scale
        return Tensors.scale(x.reshape(s.get(0), s.get(1), s.get(2) / 2, 2, s.get(3) / 2, 2).sum(new int[] {3, 5}), 0.25);
    }

    StyleGanConfig config() {
        return config;
    }
}
