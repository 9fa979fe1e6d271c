package dev.genlab.model.flow;

import ai.djl.ndarray.NDArray;
import dev.genlab.core.SeededRandom;
import dev.genlab.data.Image;
import dev.genlab.nn.Parameters;
import dev.genlab.nn.Tensors;
import dev.genlab.train.TrainingObjective;
import java.util.Map;

/**
 * Maximum likelihood with uniform dequantisation (Theis et al., 2016): each 8-bit value k becomes
 * (k + u)/256 with u ~ U(0, 1), so the continuous density bounds the discrete likelihood.
 */
final class FlowObjective implements TrainingObjective {

    private final FlowNetwork net;

    FlowObjective(FlowNetwork net) {
        this.net = net;
    }

    @Override
    public Parameters parameters() {
        return net.parameters();
    }

    /** (k + u) / 256 for every pixel, u from {@code noise}. */
    static float[] dequantise(float[] pixels, SeededRandom noise) {
        float[] out = new float[pixels.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) ((Image.toByte(pixels[i]) + noise.nextDouble()) / 256);
        }
        return out;
    }

    @Override
    public Step loss(NDArray images, int[] labels, SeededRandom noise) {
        float[] x = dequantise(images.toFloatArray(), noise);
        NDArray nll = net.nll(images.getManager().create(x, images.getShape())).mean();
        NDArray bits = Tensors.scale(nll, 1 / (net.config().dims() * Math.log(2))).add(8f);
        return new Step(nll, Map.of("bits_per_dim", bits));
    }
}
