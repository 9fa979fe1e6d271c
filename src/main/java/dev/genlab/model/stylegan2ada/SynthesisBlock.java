package dev.genlab.model.stylegan2ada;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.genlab.nn.Convolution;
import dev.genlab.nn.Parameters;
import dev.genlab.nn.Tensors;
import java.util.List;

/**
 * One resolution of StyleGAN2's synthesis network ({@code synthesis.bR}): the 4×4 block starts from a learned
 * constant and has one convolution; the others upsample with their first. Depending on the architecture the
 * block adds its toRGB to the upsampled image so far (skip), or the last block alone makes the image (orig,
 * resnet, the latter with a 1×1 upsampling skip around the two convolutions, each half scaled by √½).
 */
final class SynthesisBlock {

    private static final float HALF = (float) Math.sqrt(0.5);

    private final Sg2Config.Block shape;
    private final NDArray constant;
    private final ModulatedLayer conv0;
    private final ModulatedLayer conv1;
    private final ModulatedLayer toRgb;
    /** The resnet skip's 1×1 weight (out, in, 1, 1) times its 1/√in gain, or null. */
    private final NDArray skip;
    private final Fir fir;

    SynthesisBlock(Sg2Config c, int index, Parameters p) {
        shape = c.blocks().get(index);
        int res = shape.resolution();
        String name = "synthesis.b" + res;
        fir = new Fir(filter(p, name + ".resample_filter"));
        constant = shape.in() == 0 ? p.normal(name + ".const", new Shape(shape.out(), res, res), 1.0) : null;
        conv0 = shape.in() == 0 ? null : ModulatedLayer.conv(p, name + ".conv0", shape.in(), shape.out(), c.wDim(),
                res, new Fir(filter(p, name + ".conv0.resample_filter")), c.noise(), c.convClamp(), 1f);
        // the resnet architecture halves the variance of the sum of its two branches: √½ on each
        boolean resnet = c.architecture() == Sg2Config.Architecture.RESNET && shape.in() > 0;
        conv1 = ModulatedLayer.conv(p, name + ".conv1", shape.out(), shape.out(), c.wDim(), res, null, c.noise(),
                c.convClamp(), resnet ? HALF : 1f);
        toRgb = c.hasToRgb(index) ? ModulatedLayer.toRgb(p, name + ".torgb", shape.out(), c.imgChannels(), c.wDim(),
                res, c.convClamp()) : null;
        skip = c.architecture() == Sg2Config.Architecture.RESNET && shape.in() > 0
                ? Tensors.scale(p.normal(name + ".skip.weight", new Shape(shape.out(), shape.in(), 1, 1), 1.0),
                        1 / Math.sqrt(shape.in()))
                : null;
    }

    /** The block's 4×4 resampling filter (a buffer NVIDIA's pickles hold; the normalised [1, 3, 3, 1]²). */
    private static NDArray filter(Parameters p, String name) {
        float[] taps = {1, 3, 3, 1};
        float[] f = new float[16];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                f[4 * i + j] = taps[i] * taps[j] / 64f;
            }
        }
        // a file's filter of another size is refused by its shape when read
        return p.fixed(name, new Shape(4, 4), f);
    }

    /** The layers with noise inputs, in order (conv0, conv1). */
    List<ModulatedLayer> noisyLayers() {
        return conv0 == null ? List.of(conv1) : List.of(conv0, conv1);
    }

    /**
     * @param x     features from the block below, or null for the first block
     * @param img   the image so far, or null
     * @param ws    (B, numWs, wDim); this block reads from {@code firstW}
     * @param noise per noisy layer of this block, (B, 1, R, R) or null (constant maps or none, per {@code useConst})
     * @return {features, image}
     */
    NDArray[] forward(NDArray x, NDArray img, NDArray ws, int firstW, List<NDArray> noise, boolean useConst) {
        int w = firstW;
        int n = 0;
        NDArray h;
        if (constant == null) {
            NDArray y = skip == null ? null : resnetSkip(x);
            h = conv0.forward(x, w(ws, w++), noise.get(n++), useConst);
            NDArray h2 = conv1.forward(h, w(ws, w++), noise.get(n), useConst);
            h.close();
            h = y == null ? h2 : h2.addi(y);
            if (y != null) {
                y.close();
            }
        } else {
            try (NDArray start = Tensors.local(constant.expandDims(0), ws).repeat(0, ws.getShape().get(0))) {
                h = conv1.forward(start, w(ws, w++), noise.get(n), useConst);
            }
        }
        if (img != null) {
            img = fir.upsample(img);
        }
        if (toRgb != null) {
            NDArray y = toRgb.forward(h, w(ws, w), null, false);
            img = img == null ? y : img.addi(y);
        }
        return new NDArray[] {h, img};
    }

    /** Layer i's w, (B, wDim), as a slice of the broadcast ws. */
    private static NDArray w(NDArray ws, int i) {
        return ws.get(new NDIndex().addAllDim().addSliceDim(i, i + 1)).squeeze(1);
    }

    /** The resnet architecture's skip: 1×1 convolution, then 2× FIR upsampling, times √½ (no bias, linear). */
    private NDArray resnetSkip(NDArray x) {
        try (NDArray y = Convolution.same(x, skip, null)) {
            return Tensors.scale(fir.upsample(y), HALF);
        }
    }
}
