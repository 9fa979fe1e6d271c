package dev.genlab.model.stylegan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.genlab.nn.Parameters;
import dev.genlab.nn.Tensors;
import java.util.List;

/**
 * The StyleGAN2 generator: mapping network, synthesis network and the running average of w that
 * truncation pulls toward. Parameter prefixes: {@code g.} (trained), {@code g_const.} (the fixed noise
 * maps of {@code --noise const}) and {@code g_stats.} (w's average, tracked during training); only the
 * first is given to the optimiser.
 */
final class StyleGenerator {

    static final String PREFIX = "g.";
    static final String CONST_PREFIX = "g_const.";
    static final String STATS_PREFIX = "g_stats.";

    private final StyleGanConfig config;
    private final MappingNetwork mapping;
    private final SynthesisNetwork synthesis;
    private final NDArray wAvg;

    StyleGenerator(StyleGanConfig config, Parameters p) {
        this.config = config;
        mapping = new MappingNetwork(config, p, PREFIX + "mapping.");
        synthesis = new SynthesisNetwork(config, p, PREFIX + "synthesis.", CONST_PREFIX);
        wAvg = p.constant(STATS_PREFIX + "w_avg", new Shape(config.wDim()), 0f);
    }

    StyleGanConfig config() {
        return config;
    }

    SynthesisNetwork synthesis() {
        return synthesis;
    }

    NDArray w(NDArray z, NDArray oneHot) {
        return mapping.forward(z, oneHot);
    }

    /** w_avg + ψ·(w − w_avg): ψ = 1 leaves w, ψ = 0 gives the average for every seed. */
    NDArray truncate(NDArray w, double psi) {
        if (psi == 1.0) {
            return w;
        }
        NDArray avg = Tensors.local(wAvg.stopGradient().reshape(1, config.wDim()), w);
        return avg.add(Tensors.scale(w.sub(avg), psi));
    }

    /** The same w for every modulated layer: (B, wDim) → (B, numWs, wDim). */
    NDArray broadcast(NDArray w) {
        return w.expandDims(1).repeat(1, config.numWs());
    }

    NDArray images(NDArray ws, SynthesisNetwork.NoiseMode mode, List<NDArray> noise) {
        return synthesis.forward(ws, mode, noise);
    }

    /** Moves w_avg toward the batch mean of w: avg ← β·avg + (1 − β)·mean (StyleGAN2: β = 0.995). */
    void trackAverage(NDArray w, float beta) {
        try (NDArray mean = w.stopGradient().mean(new int[] {0})) {
            wAvg.muli(beta).addi(mean.muli(1 - beta));
        }
    }
}
