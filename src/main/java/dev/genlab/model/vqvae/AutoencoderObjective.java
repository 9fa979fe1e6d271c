package dev.genlab.model.vqvae;

import ai.djl.ndarray.NDArray;
import dev.genlab.core.SeededRandom;
import dev.genlab.nn.GradientRecording;
import dev.genlab.nn.Parameters;
import dev.genlab.nn.Tensors;
import dev.genlab.nn.VectorQuantizer;
import dev.genlab.train.Adam;
import dev.genlab.train.TrainingObjective;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The VQ-VAE's first stage: reconstruction (mean squared error) plus β times the commitment loss; the
 * codebook follows moving averages after each step and dead codes restart from the batch's inputs.
 * Reports the codebook's perplexity, which shows whether the codes are used.
 */
final class AutoencoderObjective implements TrainingObjective {

    /** The paper's commitment weight. */
    static final double BETA = 0.25;
    /** A code counts as dead below this share of the mean use. */
    static final double DEAD_SHARE = 0.01;

    private final VqVaeNetwork net;
    private final Parameters params;

    AutoencoderObjective(VqVaeNetwork net, Parameters params) {
        this.net = net;
        this.params = params;
    }

    @Override
    public Parameters parameters() {
        return params;
    }

    private record Forward(Step step, VectorQuantizer.Result codes) {}

    private Forward forward(NDArray images) {
        VectorQuantizer.Result q = net.quantizer().quantise(net.encode(images));
        NDArray mse = net.decode(q.quantised()).sub(images).square().mean();
        NDArray total = mse.add(Tensors.scale(q.commitment(), BETA));
        return new Forward(new Step(total, Map.of("mse", mse, "commitment", q.commitment())), q);
    }

    @Override
    public Step loss(NDArray images, int[] labels, SeededRandom noise) {
        return forward(images).step();
    }

    @Override
    public Map<String, Double> update(NDArray images, int[] labels, SeededRandom noise, List<Adam> optimizers) {
        Map<String, Double> out = new LinkedHashMap<>();
        VectorQuantizer.Result codes;
        try (GradientRecording gc = GradientRecording.start()) {
            Forward f = forward(images);
            gc.backward(f.step().total());
            out.put("loss", (double) f.step().total().getFloat());
            f.step().parts().forEach((k, v) -> out.put(k, (double) v.getFloat()));
            codes = f.codes();
        }
        if (Double.isFinite(out.get("loss"))) {
            optimizers.forEach(Adam::step);
        }
        VectorQuantizer vq = net.quantizer();
        vq.update(codes);
        out.put("perplexity", VectorQuantizer.perplexity(codes));
        out.put("restarts", (double) vq.restartDeadCodes(codes, noise, DEAD_SHARE));
        return out;
    }
}
