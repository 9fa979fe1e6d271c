package dev.genlab.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.core.SeededRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Metric functions against closed forms. */
class MetricsTest {

    private static FeatureStatistics stats(double[] mean, double[][] cov) {
        return new FeatureStatistics(mean, cov, 1000);
    }

    /** Σ = R diag(e) Rᵀ for a rotation R by angle t in the (0, 1) plane. */
    private static double[][] rotated(double t, double... e) {
        int d = e.length;
        double[][] r = new double[d][d];
        for (int i = 0; i < d; i++) {
            r[i][i] = 1;
        }
        r[0][0] = Math.cos(t);
        r[0][1] = -Math.sin(t);
        r[1][0] = Math.sin(t);
        r[1][1] = Math.cos(t);
        double[][] s = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                for (int k = 0; k < d; k++) {
                    s[i][j] += r[i][k] * e[k] * r[j][k];
                }
            }
        }
        return s;
    }

    @Test
    void frechetDistanceOfGaussiansWithSharedEigenvectorsHasAClosedForm() {
        // Same eigenvectors: d² = ‖μ₁−μ₂‖² + Σ (√a_i − √b_i)²
        double[] a = {4, 1, 0.25};
        double[] b = {1, 9, 0.25};
        double expected = 1 + 4 + 0 + Math.pow(2 - 1, 2) + Math.pow(1 - 3, 2) + 0;
        double fd = FrechetDistance.compute(stats(new double[] {1, 0, 0}, rotated(0.7, a)),
                stats(new double[] {0, 2, 0}, rotated(0.7, b)));
        assertThat(fd).isCloseTo(expected, Offset.offset(1e-9));
    }

    @Test
    void frechetDistanceOfIdenticalStatisticsIsZeroAndIsSymmetric() {
        FeatureStatistics s = stats(new double[] {1, 2}, rotated(0.3, 2, 0.5));
        FeatureStatistics t = stats(new double[] {0, 1}, rotated(1.1, 1, 3));
        assertThat(FrechetDistance.compute(s, s)).isCloseTo(0, Offset.offset(1e-9));
        assertThat(FrechetDistance.compute(s, t)).isCloseTo(FrechetDistance.compute(t, s), Offset.offset(1e-9));
    }

    @Test
    void covarianceMatchesTheUnbiasedEstimate() {
        FeatureStatistics s = FeatureStatistics.of(new float[][] {{1, 2}, {3, 6}, {5, 10}});
        assertThat(s.mean()).containsExactly(3, 6);
        assertThat(s.covariance()[0]).containsExactly(4, 8);
        assertThat(s.covariance()[1]).containsExactly(8, 16);
    }

    private static float[][] gaussianRows(long seed, int n, int d, float shift) {
        SeededRandom r = new SeededRandom(seed);
        float[][] x = new float[n][];
        for (int i = 0; i < n; i++) {
            x[i] = r.gaussians(d);
            x[i][0] += shift;
        }
        return x;
    }

    @Test
    void kidOfIdenticalSetsIsNearZeroAndGrowsWithAShift() {
        float[][] x = gaussianRows(1, 300, 8, 0);
        float[][] y = gaussianRows(2, 300, 8, 0);
        float[][] far = gaussianRows(3, 300, 8, 2);
        KernelInceptionDistance.Result same = KernelInceptionDistance.compute(x, x, 20, 200, 0);
        KernelInceptionDistance.Result fresh = KernelInceptionDistance.compute(x, y, 20, 200, 0);
        KernelInceptionDistance.Result shifted = KernelInceptionDistance.compute(x, far, 20, 200, 0);
        // A set against itself: random subsets share points, which biases the estimate slightly below 0
        // (numpy gives the same -0.055 here); "≈ 0" means tiny next to a real difference.
        assertThat(Math.abs(same.mean())).isLessThan(0.05 * shifted.mean());
        assertThat(Math.abs(fresh.mean())).isLessThan(3 * fresh.std());
        assertThat(shifted.mean()).isGreaterThan(10 * fresh.std());
    }

    @Test
    void precisionAndRecallOfIdenticalSetsAreOneAndCollapseLowersRecall() {
        float[][] x = gaussianRows(4, 200, 4, 0);
        PrecisionRecall.Result same = PrecisionRecall.compute(x, x, 3);
        assertThat(same.precision()).isEqualTo(1.0);
        assertThat(same.recall()).isEqualTo(1.0);
        float[][] collapsed = new float[200][];
        for (int i = 0; i < 200; i++) {
            collapsed[i] = x[i % 5].clone(); // five modes only
        }
        PrecisionRecall.Result c = PrecisionRecall.compute(x, collapsed, 3);
        assertThat(c.precision()).isEqualTo(1.0);
        assertThat(c.recall()).isLessThan(0.2);
    }

    @Test
    void inceptionScoreIsTheClassCountForConfidentEvenPredictionsAndOneForUniform() {
        int c = 10;
        float[][] confident = new float[1000][c];
        float[][] uniform = new float[1000][c];
        for (int i = 0; i < 1000; i++) {
            confident[i][i % c] = 1;
            java.util.Arrays.fill(uniform[i], 1f / c);
        }
        assertThat(InceptionScore.compute(confident, 10).mean()).isCloseTo(10, Offset.offset(1e-6));
        assertThat(InceptionScore.compute(uniform, 10).mean()).isCloseTo(1, Offset.offset(1e-6));
    }

    @Test
    void fdExtrapolatedToInfinitelyManySamplesRemovesTheSmallSampleBias() {
        // samples from the reference distribution itself: the true FD is 0, the plain FD of 300 is biased up
        int d = 8;
        dev.genlab.core.SeededRandom r = new dev.genlab.core.SeededRandom(3);
        float[][] reference = new float[20000][d];
        for (float[] row : reference) {
            for (int j = 0; j < d; j++) {
                row[j] = (float) r.nextGaussian();
            }
        }
        FeatureStatistics ref = FeatureStatistics.of(reference);
        float[][] samples = new float[300][d];
        for (float[] row : samples) {
            for (int j = 0; j < d; j++) {
                row[j] = (float) r.nextGaussian();
            }
        }
        double plain = FrechetDistance.compute(FeatureStatistics.of(samples), ref);
        double infinity = FdInfinity.compute(samples, ref, 0);
        assertThat(plain).isGreaterThan(0.02);
        assertThat(Math.abs(infinity)).isLessThan(plain / 2);
        assertThat(FdInfinity.compute(java.util.Arrays.copyOf(samples, 20), ref, 0)).isNaN();
    }
}
