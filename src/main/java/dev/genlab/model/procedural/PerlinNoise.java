package dev.genlab.model.procedural;

import dev.genlab.core.SeededRandom;

/**
 * Ken Perlin's improved gradient noise (2002) in two dimensions: a seeded permutation of 0..255 picks one
 * of eight gradient directions at each lattice point; the quintic fade 6t⁵ − 15t⁴ + 10t³ blends the four
 * corners smoothly. Values lie roughly in [−1, 1]; the same seed gives the same field everywhere.
 */
public final class PerlinNoise {

    private static final double[][] GRADIENTS = {{1, 0}, {-1, 0}, {0, 1}, {0, -1},
        {Math.sqrt(0.5), Math.sqrt(0.5)}, {-Math.sqrt(0.5), Math.sqrt(0.5)}, {Math.sqrt(0.5), -Math.sqrt(0.5)},
        {-Math.sqrt(0.5), -Math.sqrt(0.5)}};

    private final int[] perm = new int[512];

    public PerlinNoise(long seed) {
        int[] p = new SeededRandom(seed).permutation(256);
        for (int i = 0; i < 512; i++) {
            perm[i] = p[i & 255];
        }
    }

    public double at(double x, double y) {
        int xi = (int) Math.floor(x);
        int yi = (int) Math.floor(y);
        double xf = x - xi;
        double yf = y - yi;
        int x0 = xi & 255;
        int y0 = yi & 255;
        double n00 = dot(perm[perm[x0] + y0], xf, yf);
        double n10 = dot(perm[perm[x0 + 1] + y0], xf - 1, yf);
        double n01 = dot(perm[perm[x0] + y0 + 1], xf, yf - 1);
        double n11 = dot(perm[perm[x0 + 1] + y0 + 1], xf - 1, yf - 1);
        double u = fade(xf);
        double v = fade(yf);
        // max of the 2-D gradient noise with unit gradients is √2/2; scale to about [−1, 1]
        return Math.sqrt(2) * lerp(v, lerp(u, n00, n10), lerp(u, n01, n11));
    }

    /**
     * Fractal Brownian motion: {@code octaves} layers of noise, each {@code lacunarity} times finer and
     * {@code gain} times weaker than the one before, normalised by the sum of the amplitudes.
     */
    public double fbm(double x, double y, int octaves, double lacunarity, double gain) {
        double sum = 0;
        double amplitude = 1;
        double norm = 0;
        double f = 1;
        for (int o = 0; o < octaves; o++) {
            // shift each octave so lattice points of different octaves do not line up at the origin
            sum += amplitude * at(x * f + o * 17.31, y * f + o * 9.73);
            norm += amplitude;
            amplitude *= gain;
            f *= lacunarity;
        }
        return sum / norm;
    }

    private static double dot(int hash, double x, double y) {
        double[] g = GRADIENTS[hash & 7];
        return g[0] * x + g[1] * y;
    }

    private static double fade(double t) {
        return t * t * t * (t * (t * 6 - 15) + 10);
    }

    private static double lerp(double t, double a, double b) {
        return a + t * (b - a);
    }
}
