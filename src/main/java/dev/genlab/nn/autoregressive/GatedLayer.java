package dev.genlab.nn.autoregressive;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.genlab.nn.Conv2d;
import dev.genlab.nn.Linear;
import dev.genlab.nn.MaskedConv2d;
import dev.genlab.nn.Parameters;

/**
 * One layer of the gated PixelCNN (van den Oord et al., 2016, "Conditional Image Generation with PixelCNN
 * Decoders"). Two stacks remove the blind spot of a single masked convolution: the vertical stack sees
 * the rows above and the current row; it reaches the horizontal stack only shifted down one row, so a
 * pixel gets from it only rows strictly above. The horizontal stack sees the current row to the left (and,
 * after the first layer, the position itself, which by then holds only information from the left).
 * Both are gated, tanh(a)·σ(b), with a class-dependent bias; the horizontal stack is residual.
 */
final class GatedLayer {

    private final MaskedConv2d vertical;
    private final MaskedConv2d horizontal;
    private final Conv2d verticalToHorizontal;
    private final Conv2d horizontalOut;
    private final Linear condition;
    private final boolean residual;
    private final int channels;

    /**
     * @param dilation spacing of the kernel taps (1 = dense): the vertical stack then reaches {@code dilation}
     *                 rows further up per layer, the horizontal one further left, at the same cost
     */
    GatedLayer(Parameters p, String name, int in, int channels, int kernel, boolean first, int numClasses,
            int dilation) {
        this.channels = channels;
        vertical = new MaskedConv2d(p, name + ".v", in, 2 * channels, kernel, kernel,
                MaskedConv2d.upToCentreRow(kernel), dilation, dilation);
        horizontal = new MaskedConv2d(p, name + ".h", in, 2 * channels, 1, kernel,
                MaskedConv2d.leftOfCentre(kernel, !first), 1, dilation);
        verticalToHorizontal = Conv2d.same(p, name + ".v2h", 2 * channels, 2 * channels, 1);
        horizontalOut = Conv2d.same(p, name + ".h_out", channels, channels, 1);
        condition = numClasses > 0 ? new Linear(p, name + ".cond", numClasses, 4 * channels) : null;
        residual = !first;
    }

    /** Channels of each stack's features. */
    int channels() {
        return channels;
    }

    /** The two stacks' new features; {@code oneHot} (B, K) or null. */
    NDList forward(NDArray v, NDArray h, NDArray oneHot) {
        NDArray[] cond = conditionBiases(oneHot);
        NDArray vp = verticalPreactivation(v);
        return new NDList(verticalOut(vp, cond), horizontalOut(h, link(shiftDown(vp)), cond));
    }

    /** The class-dependent biases of the vertical and the horizontal stack, each (B, 2C, 1, 1); null without classes. */
    NDArray[] conditionBiases(NDArray oneHot) {
        if (condition == null) {
            return null;
        }
        NDArray c = condition.forward(oneHot);
        NDList parts = c.reshape(c.getShape().get(0), 4 * channels, 1, 1).split(2, 1);
        return new NDArray[] {parts.get(0), parts.get(1)};
    }

    /** The vertical stack's convolution, before its class bias: (B, 2C, H, W); row i sees rows up to i. */
    NDArray verticalPreactivation(NDArray v) {
        return vertical.forward(v);
    }

    /** The vertical stack's output features from its preactivation. */
    NDArray verticalOut(NDArray vp, NDArray[] cond) {
        return gate(cond == null ? vp : vp.add(cond[0]));
    }

    /**
     * What the vertical stack adds to the horizontal one, from its preactivation already shifted down one row
     * (zeros for row 0), so that a pixel gets only what lies strictly above it.
     */
    NDArray link(NDArray shiftedVerticalPreactivation) {
        return verticalToHorizontal.forward(shiftedVerticalPreactivation);
    }

    /** The horizontal stack's output features for rows {@code h} (B, C, H, W) given the link for the same rows. */
    NDArray horizontalOut(NDArray h, NDArray link, NDArray[] cond) {
        NDArray hp = horizontal.forward(h).add(link);
        if (cond != null) {
            hp = hp.add(cond[1]);
        }
        NDArray hOut = horizontalOut.forward(gate(hp));
        return residual ? hOut.add(h) : hOut;
    }

    /** Row i gets row i − 1 (row 0 gets zeros): what lies strictly above each pixel. */
    static NDArray shiftDown(NDArray x) {
        long rows = x.getShape().get(2);
        return x.pad(new Shape(0, 0, 1, 0), 0).get(new NDIndex().addAllDim().addAllDim().addSliceDim(0, rows));
    }

    private static NDArray gate(NDArray x) {
        NDList ab = x.split(2, 1);
        return ab.get(0).tanh().mul(Activation.sigmoid(ab.get(1)));
    }
}
