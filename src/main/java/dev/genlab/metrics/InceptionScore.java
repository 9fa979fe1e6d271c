package dev.genlab.metrics;

/**
 * Inception-style score (Salimans et al., 2016) from the genlab classifier's softmax instead of
 * Inception's: exp(E_x KL(p(y|x) ‖ p(y))), over splits. High when each sample is confidently one class and
 * the classes are used evenly; at most the number of classes.
 */
public final class InceptionScore {

    public record Result(double mean, double std, int splits) {}

    private InceptionScore() {}

    public static Result compute(float[][] probabilities, int splits) {
        int n = probabilities.length;
        int s = Math.max(1, Math.min(splits, n));
        double[] scores = new double[s];
        for (int k = 0; k < s; k++) {
            int from = k * n / s;
            int to = (k + 1) * n / s;
            int c = probabilities[0].length;
            double[] marginal = new double[c];
            for (int i = from; i < to; i++) {
                for (int j = 0; j < c; j++) {
                    marginal[j] += probabilities[i][j];
                }
            }
            for (int j = 0; j < c; j++) {
                marginal[j] /= (to - from);
            }
            double kl = 0;
            for (int i = from; i < to; i++) {
                for (int j = 0; j < c; j++) {
                    double p = probabilities[i][j];
                    if (p > 0) {
                        kl += p * (Math.log(p) - Math.log(marginal[j]));
                    }
                }
            }
            scores[k] = Math.exp(kl / (to - from));
        }
        Moments m = Moments.of(scores);
        return new Result(m.mean(), m.std(), s);
    }
}
