package dev.genlab.model.vqvae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.genlab.core.SeededRandom;
import dev.genlab.nn.Parameters;
import dev.genlab.nn.Tensors;
import dev.genlab.train.TrainingObjective;
import java.util.Map;

/**
 * The VQ-VAE's second stage: maximum likelihood of the code grids under the prior. The "images" it trains
 * on are the grids, one channel of code indices stored as floats (exact for any codebook size used here).
 */
final class PriorObjective implements TrainingObjective {

    private final CodePrior prior;
    private final VqVaeConfig config;
    private final Parameters params;

    PriorObjective(CodePrior prior, VqVaeConfig config, Parameters params) {
        this.prior = prior;
        this.config = config;
        this.params = params;
    }

    @Override
    public Parameters parameters() {
        return params;
    }

    @Override
    public Step loss(NDArray grids, int[] labels, SeededRandom noise) {
        long b = grids.getShape().get(0);
        NDArray codes = grids.reshape(b, config.gridHeight(), config.gridWidth()).toType(DataType.INT64, false);
        NDArray oneHot = config.conditional() ? Tensors.oneHot(grids.getManager(), labels, config.numClasses()) : null;
        NDArray nll = prior.nll(codes, oneHot).mean();
        return new Step(nll, Map.of("bits_per_code", Tensors.scale(nll, 1 / (Math.log(2) * positions(config)))));
    }

    static int positions(VqVaeConfig c) {
        return c.gridHeight() * c.gridWidth();
    }
}
