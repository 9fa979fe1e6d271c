package dev.genlab.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.genlab.core.SeededRandom;
import dev.genlab.core.TorchRandom;
import java.util.function.IntFunction;
import java.util.function.LongFunction;

/**
 * Gaussian noise for a batch in which row i comes from its own seed's stream, so an image's noise, and so
 * the image, does not depend on which other images share its batch, and is the same for every sampler:
 * the starting noise is each stream's first draw, a stochastic sampler's noise the draws after it.
 */
public final class NoiseSource {

    private static final long STREAM = 0x5A3D1EL;
    /** Each row's stream: the next n standard normals. */
    private final IntFunction<float[]>[] rows;

    private NoiseSource(long[] seeds, LongFunction<IntFunction<float[]>> stream) {
        @SuppressWarnings("unchecked")
        IntFunction<float[]>[] r = new IntFunction[seeds.length];
        for (int i = 0; i < seeds.length; i++) {
            r[i] = stream.apply(seeds[i]);
        }
        this.rows = r;
    }

    /** genlab's own streams (SplitMix64 with Box–Muller, derived from each seed): the default. */
    public static NoiseSource seeded(long[] seeds) {
        return new NoiseSource(seeds, seed -> SeededRandom.derive(seed, STREAM)::gaussians);
    }

    /**
     * {@code torch.randn} on a CPU generator per image seeded with the image's seed, as diffusers (with one
     * generator per image) and AUTOMATIC1111 (CPU noise) draw: the same seed starts from the same latents.
     */
    public static NoiseSource torch(long[] seeds) {
        return new NoiseSource(seeds, seed -> new TorchRandom(seed)::normals);
    }

    /** The next draw, shape (B, …) with B the number of seeds. */
    public NDArray next(NDManager m, Shape shape) {
        if (shape.get(0) != rows.length) {
            throw new IllegalArgumentException("noise for " + shape.get(0) + " rows from " + rows.length + " seeds");
        }
        int per = Math.toIntExact(shape.size() / rows.length);
        float[] v = new float[per * rows.length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i].apply(per), 0, v, i * per, per);
        }
        return m.create(v, shape);
    }

    /** The starting noise x_T, drawn first from every stream. */
    public NDArray initial(NDManager m, Shape shape) {
        return next(m, shape);
    }

    /** Noise shaped like {@code like}, on its manager. */
    public NDArray like(NDArray like) {
        return next(like.getManager(), like.getShape());
    }
}
