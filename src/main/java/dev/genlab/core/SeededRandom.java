package dev.genlab.core;

/**
 * A small, fully specified random source (SplitMix64 with Box–Muller normals), so that a seed gives the
 * same numbers on every JDK and machine. {@link java.util.Random} would also be stable, but its normals
 * use a polar method whose rejection loop makes streams harder to split; SplitMix64 is the generator
 * that {@link java.util.SplittableRandom} uses internally, written out here so its output is ours to fix.
 */
public final class SeededRandom {

    private long state;
    private double spareNormal;
    private boolean hasSpare;

    public SeededRandom(long seed) {
        this.state = seed;
    }

    /** A new independent stream for {@code seed} and a purpose tag, e.g. ("shuffle", epoch). */
    public static SeededRandom derive(long seed, long... path) {
        long s = mix(seed ^ 0x9E3779B97F4A7C15L);
        for (long p : path) {
            s = mix(s + mix(p + 0x632BE59BD9B4E019L));
        }
        return new SeededRandom(s);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public long nextLong() {
        state += 0x9E3779B97F4A7C15L;
        return mix(state);
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform integer in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        // Lemire's multiply-shift with rejection: unbiased.
        long m;
        long l;
        do {
            long r = nextLong() >>> 32;
            m = r * bound;
            l = m & 0xFFFFFFFFL;
        } while (l < ((1L << 32) % bound));
        return (int) (m >>> 32);
    }

    /** Standard normal, Box–Muller (both values of a pair are used). */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareNormal;
        }
        double u1;
        do {
            u1 = nextDouble();
        } while (u1 <= Double.MIN_NORMAL);
        double u2 = nextDouble();
        double r = Math.sqrt(-2.0 * Math.log(u1));
        spareNormal = r * Math.sin(2.0 * Math.PI * u2);
        hasSpare = true;
        return r * Math.cos(2.0 * Math.PI * u2);
    }

    /** {@code n} standard normals as floats. */
    public float[] gaussians(int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) nextGaussian();
        }
        return out;
    }

    /** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
