package dev.genlab.metrics;

import dev.genlab.core.GenlabException;

/**
 * Mean and covariance of feature rows, in double precision (the Fréchet distance subtracts nearly equal
 * traces, so float accumulation would lose the digits that matter).
 *
 * @param mean       (D)
 * @param covariance (D, D), unbiased (divided by N − 1), as numpy.cov computes it
 */
public record FeatureStatistics(double[] mean, double[][] covariance, int count) {

    public int dimension() {
        return mean.length;
    }

    public static FeatureStatistics of(float[][] rows) {
        if (rows.length < 2) {
            throw new GenlabException("need at least 2 samples for feature statistics, got " + rows.length);
        }
        int n = rows.length;
        int d = rows[0].length;
        double[] mean = new double[d];
        for (float[] r : rows) {
            for (int j = 0; j < d; j++) {
                mean[j] += r[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        double[][] cov = new double[d][d];
        double[] c = new double[d];
        for (float[] r : rows) {
            for (int j = 0; j < d; j++) {
                c[j] = r[j] - mean[j];
            }
            for (int i = 0; i < d; i++) {
                double ci = c[i];
                double[] row = cov[i];
                for (int j = i; j < d; j++) {
                    row[j] += ci * c[j];
                }
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                cov[i][j] /= (n - 1);
                cov[j][i] = cov[i][j];
            }
        }
        return new FeatureStatistics(mean, cov, n);
    }
}
