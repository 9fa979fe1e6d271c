package dev.genlab.core;

/**
 * numpy's legacy {@code np.random.RandomState(seed).randn(n)}, number for number: MT19937 seeded with the
 * 32-bit seed, and the polar (Marsaglia) method on 53-bit uniforms, each accepted pair giving two normals of
 * which the second is returned first. What NVIDIA's StyleGAN scripts draw z with, so that a seed gives the
 * latent of their published seed lists; NumpyRandomTest checks it against python3-numpy.
 */
public final class NumpyRandom {

    private final Mt19937 mt;
    private double saved;
    private boolean hasSaved;

    /** RandomState(seed) for a seed in [0, 2³²), as numpy accepts. */
    public NumpyRandom(long seed) {
        if (seed < 0 || seed > 0xffffffffL) {
            throw new IllegalArgumentException("numpy's RandomState takes seeds in [0, 2^32), got " + seed);
        }
        mt = new Mt19937(seed);
    }

    /** The next standard normal (legacy_gauss). */
    public double nextGaussian() {
        if (hasSaved) {
            hasSaved = false;
            return saved;
        }
        double x1;
        double x2;
        double r2;
        do {
            x1 = 2.0 * mt.nextDouble() - 1.0;
            x2 = 2.0 * mt.nextDouble() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1.0 || r2 == 0.0);
        // StrictMath: the same bits on every JVM (fdlibm), as reproducibility needs
        double f = Math.sqrt(-2.0 * StrictMath.log(r2) / r2);
        saved = f * x1;
        hasSaved = true;
        return f * x2;
    }

    /** randn(n) as float32: what torch.from_numpy(...).to(torch.float32) makes of it. */
    public float[] gaussians(int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) nextGaussian();
        }
        return out;
    }
}
