package dev.genlab.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.genlab.core.TorchRandom;

/** Noise as torch draws it on the CPU, one generator per image (see {@link NoiseSource#torch}). */
final class TorchNoise implements NoiseSource {

    private final TorchRandom[] rows;

    TorchNoise(long[] seeds) {
        rows = new TorchRandom[seeds.length];
        for (int i = 0; i < seeds.length; i++) {
            rows[i] = new TorchRandom(seeds[i]);
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
            System.arraycopy(rows[i].normals(per), 0, v, i * per, per);
        }
        return m.create(v, shape);
    }
}
