package dev.genlab.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.genlab.nn.Convolution;
import java.util.function.Supplier;

/**
 * The machine's practical peak: GFLOP/s of the faster of a large fp32 matrix multiply and a 3×3
 * convolution, through the same engine and thread settings the models use, best of a few runs. Both are
 * needed because libtorch sends them to different libraries: on this machine's AMD CPU the matrix
 * multiply (MKL, which takes a slower path off Intel) reached 50–90 GFLOP/s on one thread where a 3×3
 * convolution (oneDNN) reached 190, so convolutional models ran at "120% of peak" against the multiply
 * alone. A model's achieved GFLOP/s next to this figure shows how far it is from what the hardware does.
 */
public final class MachinePeak {

    private MachinePeak() {}

    /** The peak in GFLOP/s: the better of {@link #matMul} and {@link #conv3x3}. */
    public static double gflops(NDManager manager, int runs) {
        return Math.max(matMul(manager, 1024, runs), conv3x3(manager, 16, 128, 32, runs));
    }

    /** GFLOP/s of a (size × size) · (size × size) fp32 product. */
    static double matMul(NDManager manager, int size, int runs) {
        try (NDManager m = manager.newSubManager()) {
            NDArray a = m.randomUniform(-1, 1, new Shape(size, size));
            NDArray b = m.randomUniform(-1, 1, new Shape(size, size));
            return 2.0 * size * size * (double) size / bestSeconds(() -> a.matMul(b), runs) / 1e9;
        }
    }

    /** GFLOP/s of a 3×3, stride-1, same-padded convolution of (batch, channels, size, size) to as many channels. */
    static double conv3x3(NDManager manager, int batch, int channels, int size, int runs) {
        try (NDManager m = manager.newSubManager()) {
            NDArray x = m.randomUniform(-1, 1, new Shape(batch, channels, size, size));
            NDArray w = m.randomUniform(-1, 1, new Shape(channels, channels, 3, 3));
            double flops = 2.0 * batch * channels * channels * 9 * size * size;
            return flops / bestSeconds(() -> Convolution.same(x, w, null), runs) / 1e9;
        }
    }

    private static double bestSeconds(Supplier<NDArray> op, int runs) {
        op.get().close(); // warm-up: first calls pick kernels and allocate
        double best = Double.MAX_VALUE;
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            try (NDArray c = op.get()) {
                c.flatten().getFloat(0); // forces completion
            }
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return best;
    }
}
