package dev.genlab.bench;

import java.util.Arrays;

/**
 * Summary statistics of repeated measurements, with a 95% confidence interval for the mean from
 * Student's t distribution (few repetitions: the normal approximation would be too narrow).
 *
 * @param unstable true when the spread is large: (max − min) above 25% of the median
 */
public record Summary(int n, double median, double mean, double min, double max, double std, double ciLow,
        double ciHigh, boolean unstable) {

    /** Two-sided 97.5% quantiles of t for 1..30 degrees of freedom; 1.96 beyond. */
    private static final double[] T975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060,
        2.056, 2.052, 2.048, 2.045, 2.042};

    public static Summary of(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
        double mean = Arrays.stream(v).average().orElse(0);
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        double std = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
        double t = n < 2 ? 0 : (n - 1 <= T975.length ? T975[n - 2] : 1.96);
        double half = n > 1 ? t * std / Math.sqrt(n) : 0;
        boolean unstable = median > 0 && (v[n - 1] - v[0]) / median > 0.25;
        // a time is never negative: with two or three wildly different runs the t interval would reach below 0
        return new Summary(n, median, mean, v[0], v[n - 1], std, Math.max(0, mean - half), mean + half, unstable);
    }
}
