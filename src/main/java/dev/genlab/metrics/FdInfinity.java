package dev.genlab.metrics;

import dev.genlab.core.SeededRandom;

/**
 * FD extrapolated to infinitely many samples (Chong &amp; Forsyth, 2020, "Effectively Unbiased FID and
 * Inception Score and where to find them"): the Fréchet distance is biased upward by a term that falls as
 * 1/N, so FD is measured on random subsets of several sizes N, a line FD = FD∞ + k/N is fitted by least
 * squares, and its intercept is the figure that no longer depends on the sample count. Comparable between
 * rows scored on different numbers of samples, where the plain FD is not.
 */
public final class FdInfinity {

    /** Subset sizes from a fifth of the samples up to all of them, as the paper spaces its points. */
    static final int POINTS = 8;

    private FdInfinity() {}

    /** FD∞ of feature rows against the reference Gaussian; NaN below 50 samples (too few points for a line). */
    public static double compute(float[][] features, FeatureStatistics reference, long seed) {
        int n = features.length;
        if (n < 50) {
            return Double.NaN;
        }
        SeededRandom r = SeededRandom.derive(seed, 0xFD1FL);
        double[] x = new double[POINTS];
        double[] y = new double[POINTS];
        for (int i = 0; i < POINTS; i++) {
            int size = (int) Math.round(n / 5.0 + (n - n / 5.0) * i / (POINTS - 1));
            int[] order = r.permutation(n);
            float[][] subset = new float[size][];
            for (int k = 0; k < size; k++) {
                subset[k] = features[order[k]];
            }
            x[i] = 1.0 / size;
            y[i] = FrechetDistance.compute(FeatureStatistics.of(subset), reference);
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < POINTS; i++) {
            mx += x[i] / POINTS;
            my += y[i] / POINTS;
        }
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < POINTS; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        double slope = sxy / sxx;
        return my - slope * mx;
    }
}
