package dev.genlab.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The machine's practical peak: GFLOP/s of a large fp32 matrix multiply through the same engine and
 * thread settings the models use, best of a few runs. A model's achieved GFLOP/s next to it shows how
 * far the model is from what the hardware can do.
 */
public final class MachinePeak {

    private MachinePeak() {}

    public static double gflops(NDManager manager, int size, int runs) {
        try (NDManager m = manager.newSubManager()) {
            NDArray a = m.randomUniform(-1, 1, new Shape(size, size));
            NDArray b = m.randomUniform(-1, 1, new Shape(size, size));
            a.matMul(b).toFloatArray(); // warm-up
            double best = Double.MAX_VALUE;
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                NDArray c = a.matMul(b);
                c.getFloat(0, 0); // forces completion
                best = Math.min(best, (System.nanoTime() - t0) / 1e9);
                c.close();
            }
            return 2.0 * size * size * (double) size / best / 1e9;
        }
    }
}
