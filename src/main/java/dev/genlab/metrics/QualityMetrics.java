package dev.genlab.metrics;

import dev.genlab.metrics.classifier.ClassifierModel;

/**
 * All quality figures of one set of generated images against the real reference, in the classifier's
 * feature space.
 *
 * @param fd          FD-FMNIST: Fréchet distance to the test split's feature Gaussian
 * @param classShare  share of samples classified as the expected class, or null when none was expected
 */
public record QualityMetrics(int count, double fd, KernelInceptionDistance.Result kid, InceptionScore.Result is,
        PrecisionRecall.Result pr, Integer expectedClass, Double classShare) {

    /** Subsets for KID: enough for a stable mean and a meaningful spread, fast enough for bench. */
    static final int KID_SUBSETS = 50;
    static final int KID_SUBSET_SIZE = 1000;
    static final int PR_K = 3;

    /**
     * The floor at a sample size: {@code n} real training images (a seeded draw from the reference's) scored
     * against the test split exactly as {@code n} samples are. FD is biased upward at small n (here 0.84 at
     * 10,000 but about 4.5 at 1,000), so a model's figure means something only beside the floor at its own n.
     */
    public record Floor(int n, double fd, KernelInceptionDistance.Result kid, PrecisionRecall.Result pr) {}

    public static Floor floor(ReferenceStatistics ref, int n, long seed) {
        float[][] train = ref.trainFeatures();
        int count = Math.min(n, train.length);
        int[] order = new dev.genlab.core.SeededRandom(seed).permutation(train.length);
        float[][] f = new float[count][];
        for (int i = 0; i < count; i++) {
            f[i] = train[order[i]];
        }
        double fd = FrechetDistance.compute(FeatureStatistics.of(f), ref.test());
        var kid = KernelInceptionDistance.compute(ref.testFeatures(), f, KID_SUBSETS, KID_SUBSET_SIZE, seed);
        float[][] real = java.util.Arrays.copyOf(ref.testFeatures(), Math.min(count, ref.testFeatures().length));
        return new Floor(count, fd, kid, PrecisionRecall.compute(real, f, PR_K));
    }

    public static QualityMetrics of(ClassifierModel.Outputs generated, ReferenceStatistics ref, Integer expectedClass,
            long seed) {
        float[][] f = generated.features();
        double fd = FrechetDistance.compute(FeatureStatistics.of(f), ref.test());
        var kid = KernelInceptionDistance.compute(ref.testFeatures(), f, KID_SUBSETS, KID_SUBSET_SIZE, seed);
        var is = InceptionScore.compute(generated.probabilities(), 10);
        // Precision/recall compares sets of equal size: the first N real rows against the N generated.
        float[][] real = java.util.Arrays.copyOf(ref.testFeatures(), Math.min(f.length, ref.testFeatures().length));
        var pr = PrecisionRecall.compute(real, f, PR_K);
        Double share = null;
        if (expectedClass != null) {
            int hits = 0;
            for (int i = 0; i < f.length; i++) {
                if (generated.predicted(i) == expectedClass) {
                    hits++;
                }
            }
            share = (double) hits / f.length;
        }
        return new QualityMetrics(f.length, fd, kid, is, pr, expectedClass, share);
    }
}
