package dev.genlab.model.vqvae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.genlab.nn.Parameters;
import dev.genlab.nn.autoregressive.GatedPixelCnn;
import dev.genlab.nn.autoregressive.RasterSampler;

/**
 * The VQ-VAE's prior: a gated PixelCNN over the code grid, reading one-hot codes and giving K logits per
 * position, class-conditional like the pixel model. Sampling a 7×7 grid takes 49 network passes where a
 * pixel PixelCNN takes 784: the point of the hybrid.
 */
final class CodePrior {

    static final String PREFIX = "prior.";

    private final VqVaeConfig config;
    private final GatedPixelCnn stack;

    CodePrior(VqVaeConfig config, Parameters p) {
        this.config = config;
        stack = new GatedPixelCnn(p, PREFIX, config.codes(), config.priorChannels(), config.priorLayers(),
                config.priorHidden(), config.codes(), config.numClasses());
    }

    /**
     * @param codes  (B, h, w) int64 code indices; h may be fewer rows than the grid's
     * @param oneHot class one-hot (B, K) or null
     * @return logits (B, codes, h, w)
     */
    NDArray logits(NDArray codes, NDArray oneHot) {
        return stack.logits(input(codes), oneHot);
    }

    /** Code indices (B, h, w) as the stack reads them: one-hot, (B, codes, h, w). */
    NDArray input(NDArray codes) {
        Shape s = codes.getShape();
        return codes.reshape(-1).oneHot(config.codes()).toType(DataType.FLOAT32, false)
                .reshape(s.get(0), s.get(1), s.get(2), config.codes()).transpose(0, 3, 1, 2);
    }

    /** Sampling in raster order: feed it {@link #input}s. */
    RasterSampler sampler(NDArray oneHot) {
        return stack.sampler(oneHot);
    }

    /** Negative log-likelihood of each code grid in nats, (B). */
    NDArray nll(NDArray codes, NDArray oneHot) {
        Shape s = codes.getShape();
        NDArray logp = logits(codes, oneHot).logSoftmax(1).gather(codes.reshape(s.get(0), 1, s.get(1), s.get(2)), 1);
        return logp.sum(new int[] {1, 2, 3}).neg();
    }
}
