package dev.genlab.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.genlab.core.SeededRandom;

/**
 * Gaussian noise for a batch in which row i comes from its own seed's stream, so an image's noise, and so
 * the image, does not depend on which other images share its batch, and is the same for every sampler.
 */
public final class NoiseSource {

    private static final long STREAM = 0x5A3D1EL;
    private final SeededRandom[] rows;

    public NoiseSource(long[] seeds) {
        rows = new SeededRandom[seeds.length];
        for (int i = 0; i < seeds.length; i++) {
            rows[i] = SeededRandom.derive(seeds[i], STREAM);
        }
    }

    /** The starting noise x_T, drawn first from every stream. */
    public NDArray initial(NDManager m, Shape shape) {
        return next(m, shape);
    }

    /** The next draw, shape (B, …) with B the number of seeds. */
    public NDArray next(NDManager m, Shape shape) {
        if (shape.get(0) != rows.length) {
            throw new IllegalArgumentException("noise for " + shape.get(0) + " rows from " + rows.length + " seeds");
        }
        int per = Math.toIntExact(shape.size() / rows.length);
        float[] v = new float[per * rows.length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i].gaussians(per), 0, v, i * per, per);
        }
        return m.create(v, shape);
    }

    /** Noise shaped like {@code like}, on its manager. */
    public NDArray like(NDArray like) {
        return next(like.getManager(), like.getShape());
    }
}
