package dev.genlab.metrics;

import java.util.Arrays;

/**
 * Improved precision and recall (Kynkäänniemi et al., 2019): each set's manifold is the union of balls
 * around its samples with radius the distance to the k-th nearest neighbour. Precision is the share of
 * generated samples inside the real manifold (fidelity); recall the share of real samples inside the
 * generated manifold (diversity — a collapsed model has low recall).
 */
public final class PrecisionRecall {

    public record Result(double precision, double recall, int k) {}

    private PrecisionRecall() {}

    public static Result compute(float[][] real, float[][] fake, int k) {
        double[] realRadii = kthNeighbourDistances(real, k);
        double[] fakeRadii = kthNeighbourDistances(fake, k);
        return new Result(coverage(fake, real, realRadii), coverage(real, fake, fakeRadii), k);
    }

    /** Share of {@code queries} within the radius of at least one of {@code manifold}'s samples. */
    private static double coverage(float[][] queries, float[][] manifold, double[] radii) {
        int inside = 0;
        for (float[] q : queries) {
            for (int j = 0; j < manifold.length; j++) {
                if (squaredDistance(q, manifold[j]) <= radii[j]) {
                    inside++;
                    break;
                }
            }
        }
        return (double) inside / queries.length;
    }

    /** Squared distance from each sample to its k-th nearest other sample. */
    private static double[] kthNeighbourDistances(float[][] x, int k) {
        int n = x.length;
        if (n <= k) {
            throw new IllegalArgumentException("precision/recall with k=" + k + " needs more than " + k + " samples");
        }
        double[] out = new double[n];
        double[] smallest = new double[k + 1]; // the k+1 smallest distances, ascending; [0] is the sample itself
        for (int i = 0; i < n; i++) {
            Arrays.fill(smallest, Double.POSITIVE_INFINITY);
            for (int j = 0; j < n; j++) {
                double d = squaredDistance(x[i], x[j]);
                if (d < smallest[k]) {
                    int p = k;
                    while (p > 0 && smallest[p - 1] > d) {
                        smallest[p] = smallest[p - 1];
                        p--;
                    }
                    smallest[p] = d;
                }
            }
            out[i] = smallest[k];
        }
        return out;
    }

    static double squaredDistance(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double t = a[i] - b[i];
            s += t * t;
        }
        return s;
    }
}
