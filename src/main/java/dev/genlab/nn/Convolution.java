package dev.genlab.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * The one place genlab calls the engine's 2-D convolution, so that a defect of the engine is worked around
 * once for every layer.
 *
 * <p>The defect: libtorch's oneDNN (2.5.1 and 2.7.1 alike) stores activations in blocks of 16 channels on
 * AVX-512 machines (8 with AVX2) and, when a channel count is not a multiple of the block, does not always
 * zero the block's unused part. Whatever the memory held before then enters the sums: NaN or ±∞ left there by
 * an earlier computation make the result NaN, finite leftovers make it change from run to run. Measured here
 * (memory filled with NaN before each call, 350 shapes): forward passes fail when there are more than 16
 * input channels and not a multiple of 16 (the LDM's 24-channel skip concatenation made NaN images at
 * random), and input gradients fail when the output channels are not a multiple of 16 (training diverged at
 * random). Machines whose oneDNN picks AVX2 kernels showed it far more rarely, which is why it went unseen.
 *
 * <p>So the convolution is computed on channels padded with zeros: input channels (with zero filter taps)
 * above 16, always, and output channels (with zero filters, dropped after) while gradients are recorded
 * ({@link GradientRecording}). The result is the same function; no block is ever part padding. Layers with
 * at most 16 input channels, or a multiple of 16, run exactly as before in inference. {@code genlab doctor}
 * checks a machine for the defect.
 */
public final class Convolution {

    /** oneDNN's widest channel block on x86 (AVX-512); a multiple of the AVX2 block (8). */
    static final int CHANNEL_BLOCK = 16;

    /** From this many rows on, {@link #linear} lays them out channels-last (see there). */
    static final long MANY_ROWS = 1024;

    static {
        // the first convolution of the process makes libtorch print its NNPACK notice: made here, quietly
        EngineNotices.quietly(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                ai.djl.nn.convolutional.Conv2d.conv2d(m.ones(new Shape(1, 1, 4, 4)), m.ones(new Shape(1, 1, 3, 3)),
                        null, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1).singletonOrThrow().close();
            }
        });
    }

    private Convolution() {}

    /**
     * x (B, in, H, W) convolved with weight (out, in, kh, kw) → (B, out, H', W').
     *
     * @param bias (out), or null
     */
    public static NDArray conv2d(NDArray x, NDArray weight, NDArray bias, Shape stride, Shape padding,
            Shape dilation) {
        long in = weight.getShape().get(1);
        long out = weight.getShape().get(0);
        long inPadded = in > CHANNEL_BLOCK ? roundUp(in) : in;
        long outPadded = GradientRecording.active() ? roundUp(out) : out;
        if (inPadded == in && outPadded == out) {
            return engine(x, weight, bias, stride, padding, dilation);
        }
        NDManager m = x.getManager();
        NDArray w = weight;
        NDArray xs = x;
        if (inPadded > in) {
            // zero input channels meet zero filter taps: the same sums, and no channel block is part padding
            Shape s = x.getShape();
            xs = x.concat(m.zeros(new Shape(s.get(0), inPadded - in, s.get(2), s.get(3)), x.getDataType()), 1);
            w = w.concat(m.zeros(new Shape(out, inPadded - in, w.getShape().get(2), w.getShape().get(3)),
                    w.getDataType()), 1);
        }
        NDArray b = bias;
        if (outPadded > out) {
            w = w.concat(m.zeros(new Shape(outPadded - out, inPadded, w.getShape().get(2), w.getShape().get(3)),
                    w.getDataType()), 0);
            b = bias == null ? null : bias.concat(m.zeros(new Shape(outPadded - out), bias.getDataType()));
        }
        // results belong to their first operand's manager: keep them in the step's (x's), not the parameters'
        w = Tensors.local(w, x);
        if (b != bias) {
            b = Tensors.local(b, x);
        }
        NDArray y = engine(xs, w, b, stride, padding, dilation);
        return outPadded == out ? y : y.get(new NDIndex().addAllDim().addSliceDim(0, out));
    }

    /**
     * Each channel of x (B, C, H, W) convolved with its own k filters, weight (C·k, 1, kh, kw) → (B, C·k, H', W')
     * (channel c's outputs at c·k … c·k + k − 1), stride 1 and the given zero padding: the engine's depthwise
     * convolution (groups = C), with channels above a block padded with zeros to a whole number of blocks, as
     * {@link #conv2d} does, and while gradients are recorded any channel count, as {@link #conv2d} pads its
     * outputs then (the defect's input-gradient side; a projection differentiates StyleGAN2's FIR filters).
     */
    public static NDArray depthwise(NDArray x, NDArray weight, Shape padding) {
        long c = x.getShape().get(1);
        long k = weight.getShape().get(0) / c;
        long padded = c > CHANNEL_BLOCK || GradientRecording.active() ? roundUp(c) : c;
        if (padded == c) {
            return ai.djl.nn.convolutional.Conv2d.conv2d(x, weight, null, new Shape(1, 1), padding, new Shape(1, 1),
                    (int) c).singletonOrThrow();
        }
        NDManager m = x.getManager();
        Shape s = x.getShape();
        Shape ks = weight.getShape();
        NDArray xs = x.concat(m.zeros(new Shape(s.get(0), padded - c, s.get(2), s.get(3)), x.getDataType()), 1);
        NDArray w = Tensors.local(weight.concat(m.zeros(new Shape((padded - c) * k, 1, ks.get(2), ks.get(3)),
                weight.getDataType()), 0), x);
        NDArray y = ai.djl.nn.convolutional.Conv2d.conv2d(xs, w, null, new Shape(1, 1), padding, new Shape(1, 1),
                (int) padded).singletonOrThrow();
        return y.get(new NDIndex().addAllDim().addSliceDim(0, c * k));
    }

    /**
     * x (B, groups·in, H, W) convolved group by group with weight (groups·out, in, kh, kw), stride 1: each group
     * of input channels with its own filters (StyleGAN2's per-sample modulated weights). Groups whose input
     * channels would leave a block part padding are computed one by one through {@link #conv2d}'s guard.
     *
     * @param bias (groups·out), or null
     */
    public static NDArray grouped(NDArray x, NDArray weight, NDArray bias, Shape padding, int groups) {
        Shape one = new Shape(1, 1);
        long in = weight.getShape().get(1);
        if (groups == 1) {
            return conv2d(x, weight, bias, one, padding, one);
        }
        if (in > CHANNEL_BLOCK && in % CHANNEL_BLOCK != 0) {
            long out = weight.getShape().get(0) / groups;
            NDList parts = new NDList();
            for (int g = 0; g < groups; g++) {
                parts.add(conv2d(x.get(new NDIndex().addAllDim().addSliceDim(g * in, (g + 1) * in)),
                        weight.get(new NDIndex().addSliceDim(g * out, (g + 1) * out)),
                        bias == null ? null : bias.get(new NDIndex().addSliceDim(g * out, (g + 1) * out)), one,
                        padding, one));
            }
            return NDArrays.concat(parts, 1);
        }
        return ai.djl.nn.convolutional.Conv2d.conv2d(x, weight, bias, one, padding, one, groups).singletonOrThrow();
    }

    /**
     * x (…, in) times weightᵀ (out, in) plus bias: a fully connected layer computed, in inference, as a 1×1
     * convolution over the rows of x where that is faster. oneDNN's convolution uses every vector unit the CPU
     * has, where the engine's matrix product (MKL's sgemm) ran at about 60% of its speed on this machine's AMD
     * EPYC. Measured here (GFLOP/s, best of 40, matrix product against convolution): CLIP's 77 and 154 rows
     * 118–154 against 160–260 with the rows as the positions of an ordinary image (one small copy each way);
     * the UNet's 8,192 rows 181–185 against 32–144 that way but 269–285 as a channels-last image (views, no
     * copy) when the layer does not widen its input, and 184 against 110 when it does (the feed-forward's
     * 320 → 2560), which therefore stays a matrix product. A UNet evaluation at 512×512: 9.97 → 9.16 s. While
     * gradients are recorded the engine's own linear is used.
     *
     * @param bias (out), or null
     */
    public static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        Shape s = x.getShape();
        long in = s.get(s.dimension() - 1);
        long rows = s.size() / in;
        long out = weight.getShape().get(0);
        if (GradientRecording.active() || (rows >= MANY_ROWS && out > in)) {
            return ai.djl.nn.core.Linear.linear(x, weight, bias).singletonOrThrow();
        }
        long[] shape = s.getShape().clone(); // Shape hands out its own array
        shape[shape.length - 1] = out;
        Shape one = new Shape(1, 1);
        Shape none = new Shape(0, 0);
        try (NDArray kernel = weight.reshape(out, in, 1, 1)) {
            if (rows >= MANY_ROWS) {
                // (rows, in) is already a channels-last image of rows × 1 pixels: views both ways
                try (NDArray flat = x.reshape(1, rows, 1, in);
                        NDArray image = flat.transpose(0, 3, 1, 2);
                        NDArray y = conv2d(image, kernel, bias, one, none, one);
                        NDArray byRow = y.transpose(0, 2, 3, 1)) {
                    return byRow.reshape(new Shape(shape));
                }
            }
            try (NDArray flat = x.reshape(rows, in);
                    NDArray byColumn = flat.transpose();
                    NDArray image = byColumn.reshape(1, in, rows, 1);
                    NDArray y = conv2d(image, kernel, bias, one, none, one);
                    NDArray byOutput = y.reshape(out, rows);
                    NDArray byRow = byOutput.transpose()) {
                // views share the result's storage, which lives on with the returned one
                return byRow.reshape(new Shape(shape));
            }
        }
    }

    private static long roundUp(long channels) {
        return (channels + CHANNEL_BLOCK - 1) / CHANNEL_BLOCK * CHANNEL_BLOCK;
    }

    /** Stride 1, no dilation, zero padding that keeps an odd kernel's spatial size. */
    public static NDArray same(NDArray x, NDArray weight, NDArray bias) {
        int pad = (int) weight.getShape().get(2) / 2;
        return conv2d(x, weight, bias, new Shape(1, 1), new Shape(pad, pad), new Shape(1, 1));
    }

    /** The engine's convolution without the workaround: for the self-check that looks for the defect. */
    public static NDArray unguarded(NDArray x, NDArray weight, NDArray bias, Shape stride, Shape padding,
            Shape dilation) {
        return engine(x, weight, bias, stride, padding, dilation);
    }

    private static NDArray engine(NDArray x, NDArray weight, NDArray bias, Shape stride, Shape padding,
            Shape dilation) {
        return ai.djl.nn.convolutional.Conv2d.conv2d(x, weight, bias, stride, padding, dilation, 1)
                .singletonOrThrow();
    }
}
