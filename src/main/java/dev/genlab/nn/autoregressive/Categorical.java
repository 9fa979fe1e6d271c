package dev.genlab.nn.autoregressive;

import dev.genlab.core.SeededRandom;

/** Draws from softmax(logits / T), computed in double on the host so that a seed gives the same draw everywhere. */
public final class Categorical {

    private final double[] p;

    /** @param n number of categories */
    public Categorical(int n) {
        p = new double[n];
    }

    /** A draw from the {@code n} logits at {@code offset}. */
    public int draw(float[] logits, int offset, double temperature, SeededRandom rng) {
        int n = p.length;
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            max = Math.max(max, logits[offset + k]);
        }
        double sum = 0;
        for (int k = 0; k < n; k++) {
            p[k] = StrictMath.exp((logits[offset + k] - max) / temperature);
            sum += p[k];
        }
        double u = rng.nextDouble() * sum;
        double acc = 0;
        for (int k = 0; k < n; k++) {
            acc += p[k];
            if (u < acc) {
                return k;
            }
        }
        return n - 1;
    }
}
