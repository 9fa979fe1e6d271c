package dev.genlab.model.stylegan2ada;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.genlab.nn.Parameters;
import dev.genlab.nn.Tensors;

/**
 * StyleGAN2's mapping network z → w under NVIDIA's names ({@code mapping.fcN}, {@code mapping.embed},
 * {@code mapping.w_avg}): z normalised to unit second moment; for a conditional network the class's embedding,
 * normalised the same way, concatenated to it; then fully connected layers with leaky ReLU × √2, whose weights
 * are stored divided by the learning-rate multiplier (equalised learning rate) and used times lr/√fan_in.
 * Truncation pulls w toward the tracked average w_avg.
 */
final class Sg2Mapping {

    private static final float SQRT2 = (float) Math.sqrt(2);

    /** Each layer's weight, transposed and times its gain (in, out), and bias times the multiplier. */
    private final NDArray[] weights;
    private final NDArray[] biases;
    private final NDArray embedWeight;
    private final NDArray embedBias;
    private final NDArray wAverage;

    Sg2Mapping(Sg2Config c, Parameters p) {
        int embed = 0;
        if (c.cDim() > 0) {
            embed = c.wDim();
            embedWeight = Tensors.scale(p.normal("mapping.embed.weight", new Shape(embed, c.cDim()), 1.0),
                    1 / Math.sqrt(c.cDim())).transpose().duplicate();
            embedBias = p.constant("mapping.embed.bias", new Shape(embed), 0f);
        } else {
            embedWeight = null;
            embedBias = null;
        }
        weights = new NDArray[c.mappingLayers()];
        biases = new NDArray[c.mappingLayers()];
        int in = c.zDim() + embed;
        for (int i = 0; i < weights.length; i++) {
            String name = "mapping.fc" + i;
            NDArray w = p.normal(name + ".weight", new Shape(c.wDim(), in), 1 / c.lrMultiplier());
            weights[i] = Tensors.scale(w, c.lrMultiplier() / Math.sqrt(in)).transpose().duplicate();
            biases[i] = Tensors.scale(p.constant(name + ".bias", new Shape(c.wDim()), 0f), c.lrMultiplier());
            in = c.wDim();
        }
        wAverage = p.constant("mapping.w_avg", new Shape(c.wDim()), 0f);
    }

    /**
     * z (B, zDim) and one-hot classes (B, cDim) or null → w (B, wDim), truncated toward w_avg by ψ
     * ({@code psi} 1: not at all).
     */
    NDArray forward(NDArray z, NDArray classes, double psi) {
        NDArray x = secondMomentNormalised(z);
        if (embedWeight != null) {
            NDArray y = secondMomentNormalised(classes.matMul(embedWeight).addi(embedBias));
            x = x.concat(y, 1);
        }
        for (int i = 0; i < weights.length; i++) {
            dev.genlab.nn.FlopCounter.add(2 * x.getShape().get(0) * weights[i].getShape().get(0)
                    * weights[i].getShape().get(1));
            x = Activation.leakyRelu(x.matMul(weights[i]).addi(biases[i]), 0.2f).muli(SQRT2);
        }
        return psi == 1 ? x : truncate(x, psi);
    }

    /** w_avg + ψ (w − w_avg), as torch.lerp(w_avg, w, ψ). */
    NDArray truncate(NDArray w, double psi) {
        NDArray avg = Tensors.local(wAverage.expandDims(0), w);
        return w.sub(avg).muli((float) psi).addi(avg);
    }

    private static NDArray secondMomentNormalised(NDArray x) {
        return x.div(x.square().mean(new int[] {1}, true).addi(1e-8f).sqrt());
    }
}
