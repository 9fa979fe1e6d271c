package dev.genlab.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * The transformer's sinusoidal position code applied to the diffusion timestep (Ho et al., 2020), then an
 * MLP: t (B) → (B, 4·dim). Timesteps may be fractional (samplers on continuous σ).
 */
public final class TimestepEmbedding {

    private final int dim;
    private final Linear fc1;
    private final Linear fc2;

    public TimestepEmbedding(Parameters p, String name, int dim) {
        if (dim % 2 != 0) {
            throw new IllegalArgumentException("the timestep code needs an even size, got " + dim);
        }
        this.dim = dim;
        fc1 = new Linear(p, name + ".fc1", dim, 4 * dim);
        fc2 = new Linear(p, name + ".fc2", 4 * dim, 4 * dim);
    }

    public int outputDim() {
        return 4 * dim;
    }

    /** The code alone: [sin(t·f_i), cos(t·f_i)] with f_i = 10000^(−i/half). */
    public static NDArray sinusoidal(NDArray t, int dim) { // (B) -> (B, dim)
        int half = dim / 2;
        float[] f = new float[half];
        for (int i = 0; i < half; i++) {
            f[i] = (float) Math.exp(-Math.log(10000) * i / half);
        }
        NDArray freqs = t.getManager().create(f, new Shape(1, half));
        NDArray args = t.reshape(-1, 1).mul(freqs);
        return args.sin().concat(args.cos(), 1);
    }

    public NDArray forward(NDArray t) { // (B) -> (B, 4·dim)
        return fc2.forward(Tensors.silu(fc1.forward(sinusoidal(t, dim))));
    }
}
