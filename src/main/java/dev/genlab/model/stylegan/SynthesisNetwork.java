package dev.genlab.model.stylegan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.genlab.nn.ModulatedConv2d;
import dev.genlab.nn.Parameters;
import dev.genlab.nn.Tensors;
import java.util.ArrayList;
import java.util.List;

/**
 * StyleGAN2's synthesis network in its "skip" form: a learned 4×4 constant, then per resolution a 2×
 * upsampling and two modulated 3×3 convolutions, each followed by per-pixel noise with a learned
 * strength, a bias and leaky ReLU; every resolution adds its own toRGB (a modulated 1×1 conv without
 * demodulation) to the upsampled image so far. Each modulated layer reads its own w, which is what style
 * mixing exchanges. Upsampling is nearest-neighbour (StyleGAN2 uses a FIR filter).
 */
final class SynthesisNetwork {

    private static final float GAIN = (float) Math.sqrt(2);

    /** Where per-pixel noise comes from: fresh per image, the model's stored maps, or none. */
    enum NoiseMode {
        RANDOM, CONST, NONE;

        static NoiseMode parse(String s) {
            return valueOf(s.toUpperCase(java.util.Locale.ROOT));
        }
    }

    private final StyleGanConfig config;
    private final NDArray constant;
    private final List<ModulatedConv2d> convs = new ArrayList<>();
    private final List<NDArray> noiseStrength = new ArrayList<>();
    private final List<NDArray> constNoise = new ArrayList<>();
    private final List<Integer> convResolution = new ArrayList<>();
    private final List<ModulatedConv2d> toRgb = new ArrayList<>();

    SynthesisNetwork(StyleGanConfig c, Parameters p, String prefix, String constPrefix) {
        this.config = c;
        int ch = c.channels();
        int imgC = c.image().channels();
        constant = p.normal(prefix + "const", new Shape(ch, 4, 4), 1.0);
        addConv(p, prefix, constPrefix, 4);
        toRgb.add(new ModulatedConv2d(p, prefix + "b4.torgb", ch, imgC, 1, c.wDim(), false));
        for (int res = 8; res <= c.canvas(); res *= 2) {
            addConv(p, prefix, constPrefix, res);
            addConv(p, prefix, constPrefix, res);
            toRgb.add(new ModulatedConv2d(p, prefix + "b" + res + ".torgb", ch, imgC, 1, c.wDim(), false));
        }
    }

    private void addConv(Parameters p, String prefix, String constPrefix, int res) {
        int i = convs.size();
        String name = prefix + "b" + res + ".conv" + i;
        convs.add(new ModulatedConv2d(p, name, config.channels(), config.channels(), 3, config.wDim(), true));
        noiseStrength.add(p.constant(name + ".noise_strength", new Shape(1), 0f));
        constNoise.add(p.normal(constPrefix + "noise" + i, new Shape(1, 1, res, res), 1.0));
        convResolution.add(res);
    }

    /**
     * Per-pixel noise for every conv layer, (B, 1, r, r) each; {@code values} gives the B·r·r values of a
     * layer from its index and resolution.
     */
    List<NDArray> noiseMaps(ai.djl.ndarray.NDManager m, int b, java.util.function.BiFunction<Integer, Integer,
            float[]> values) {
        List<NDArray> out = new ArrayList<>();
        for (int layer = 0; layer < convs.size(); layer++) {
            int r = convResolution.get(layer);
            out.add(m.create(values.apply(layer, r), new Shape(b, 1, r, r)));
        }
        return out;
    }

    /**
     * @param ws    (B, numWs, wDim)
     * @param noise per conv layer (B, 1, r, r) for {@link NoiseMode#RANDOM}, else ignored (may be null)
     * @return images (B, C, canvas, canvas), about [−1, 1]
     */
    NDArray forward(NDArray ws, NoiseMode mode, List<NDArray> noise) {
        long b = ws.getShape().get(0);
        int w = 0;
        NDArray x = Tensors.local(constant.expandDims(0), ws).repeat(0, b);
        x = layer(0, x, style(ws, w++), mode, noise);
        NDArray img = toRgb.get(0).forward(x, style(ws, w++));
        int conv = 1;
        for (int block = 1; block < toRgb.size(); block++) {
            x = layer(conv++, Tensors.upsample2x(x), style(ws, w++), mode, noise);
            x = layer(conv++, x, style(ws, w++), mode, noise);
            img = Tensors.upsample2x(img).add(toRgb.get(block).forward(x, style(ws, w++)));
        }
        return img;
    }

    private static NDArray style(NDArray ws, int i) {
        return ws.get(new NDIndex().addAllDim().addIndices(i));
    }

    private NDArray layer(int i, NDArray x, NDArray w, NoiseMode mode, List<NDArray> noise) {
        NDArray y = convs.get(i).forward(x, w);
        if (mode != NoiseMode.NONE) {
            NDArray n = mode == NoiseMode.CONST ? Tensors.local(constNoise.get(i).stopGradient(), x) : noise.get(i);
            y = y.add(n.mul(Tensors.local(noiseStrength.get(i).reshape(1, 1, 1, 1), x)));
        }
        return Tensors.scale(Tensors.leakyRelu(y, 0.2f), GAIN);
    }
}
