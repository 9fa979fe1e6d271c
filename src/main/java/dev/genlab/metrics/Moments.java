package dev.genlab.metrics;

/** Mean and sample standard deviation (divided by n − 1; 0 for a single value). */
public record Moments(double mean, double std) {

    public static Moments of(double[] v) {
        double mean = 0;
        for (double x : v) {
            mean += x;
        }
        mean /= v.length;
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        return new Moments(mean, v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : 0);
    }
}
