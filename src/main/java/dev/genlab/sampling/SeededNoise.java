package dev.genlab.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.genlab.core.SeededRandom;

/**
 * genlab's own noise: row i from its own SplitMix64 stream derived from the seed (see {@link NoiseSource}).
 */
final class SeededNoise implements NoiseSource {

    private static final long STREAM = 0x5A3D1EL;
    private final SeededRandom[] rows;

    SeededNoise(long[] seeds) {
        rows = new SeededRandom[seeds.length];
        for (int i = 0; i < seeds.length; i++) {
            rows[i] = SeededRandom.derive(seeds[i], STREAM);
        }
    }

    @Override
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
}
