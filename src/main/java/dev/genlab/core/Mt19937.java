package dev.genlab.core;

/**
 * The Mersenne Twister MT19937 (Matsumoto and Nishimura, 1998), seeded as its reference init_genrand does
 * with the seed's low 32 bits: the generator behind torch's CPU generator and numpy's legacy RandomState.
 */
public final class Mt19937 {

    private static final int N = 624;
    private final int[] mt = new int[N];
    private int index = N;

    public Mt19937(long seed) {
        mt[0] = (int) seed;
        for (int i = 1; i < N; i++) {
            mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        }
    }

    /** The next 32-bit output, as an unsigned value in an int. */
    public int nextInt() {
        if (index >= N) {
            twist();
        }
        int y = mt[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    /** A double in [0, 1) from 53 bits of two outputs (genrand_res53). */
    public double nextDouble() {
        long a = Integer.toUnsignedLong(nextInt()) >>> 5;
        long b = Integer.toUnsignedLong(nextInt()) >>> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    private void twist() {
        for (int i = 0; i < N; i++) {
            int y = (mt[i] & 0x80000000) | (mt[(i + 1) % N] & 0x7fffffff);
            mt[i] = mt[(i + 397) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
        }
        index = 0;
    }
}
