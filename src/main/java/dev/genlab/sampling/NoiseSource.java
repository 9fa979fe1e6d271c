package dev.genlab.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Gaussian noise for a batch in which row i comes from its own seed's stream, so an image's noise, and so
 * the image, does not depend on which other images share its batch, and is the same for every sampler:
 * the starting noise is each stream's first draw, a stochastic sampler's noise the draws after it.
 */
public interface NoiseSource {

    /** genlab's own streams (SplitMix64 with Box–Muller): the default. */
    static NoiseSource seeded(long[] seeds) {
        return new SeededNoise(seeds);
    }

    /**
     * {@code torch.randn} on a CPU generator per image seeded with the image's seed, as diffusers (with one
     * generator per image) and AUTOMATIC1111 (CPU noise) draw: the same seed starts from the same latents.
     */
    static NoiseSource torch(long[] seeds) {
        return new TorchNoise(seeds);
    }

    /** The next draw, shape (B, …) with B the number of seeds. */
    NDArray next(NDManager m, Shape shape);

    /** The starting noise x_T, drawn first from every stream. */
    default NDArray initial(NDManager m, Shape shape) {
        return next(m, shape);
    }

    /** Noise shaped like {@code like}, on its manager. */
    default NDArray like(NDArray like) {
        return next(like.getManager(), like.getShape());
    }
}
