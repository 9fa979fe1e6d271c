package dev.genlab.metrics;

import dev.genlab.core.SeededRandom;

/**
 * Kernel distance (Bińkowski et al., 2018): the unbiased estimate of the squared MMD with the cubic
 * polynomial kernel k(x, y) = (xᵀy / d + 1)³, averaged over random subsets; unlike the Fréchet distance it
 * has no bias from the sample size, and its spread over subsets says how much to trust it.
 */
public final class KernelInceptionDistance {

    /** Mean and standard deviation of the MMD² estimates over subsets. */
    public record Result(double mean, double std, int subsets, int subsetSize) {}

    private KernelInceptionDistance() {}

    public static Result compute(float[][] real, float[][] fake, int subsets, int maxSubsetSize, long seed) {
        int m = Math.min(maxSubsetSize, Math.min(real.length, fake.length));
        if (m < 2) {
            throw new IllegalArgumentException("KID needs at least 2 samples per set");
        }
        int d = real[0].length;
        SeededRandom rnd = new SeededRandom(seed);
        double[] values = new double[subsets];
        for (int s = 0; s < subsets; s++) {
            int[] ri = pick(rnd, real.length, m);
            int[] fi = pick(rnd, fake.length, m);
            double kxx = 0;
            double kyy = 0;
            double kxy = 0;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    if (i != j) {
                        kxx += kernel(real[ri[i]], real[ri[j]], d);
                        kyy += kernel(fake[fi[i]], fake[fi[j]], d);
                    }
                    kxy += kernel(real[ri[i]], fake[fi[j]], d);
                }
            }
            values[s] = (kxx + kyy) / ((double) m * (m - 1)) - 2 * kxy / ((double) m * m);
        }
        Moments moments = Moments.of(values);
        return new Result(moments.mean(), moments.std(), subsets, m);
    }

    private static double kernel(float[] x, float[] y, int d) {
        double dot = 0;
        for (int k = 0; k < d; k++) {
            dot += x[k] * y[k];
        }
        double t = dot / d + 1;
        return t * t * t;
    }

    /** {@code m} distinct indices below {@code n}. */
    private static int[] pick(SeededRandom rnd, int n, int m) {
        int[] perm = rnd.permutation(n);
        int[] out = new int[m];
        System.arraycopy(perm, 0, out, 0, m);
        return out;
    }
}
