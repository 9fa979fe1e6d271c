package dev.genlab.core;

/**
 * {@code torch.randn} on a CPU {@code torch.Generator} seeded with {@code manual_seed(seed)}, reproduced
 * number for number, so that a seed starts from the same noise as in diffusers and AUTOMATIC1111 on the CPU
 * (what those tools draw on a GPU comes from another generator and cannot be matched anywhere else).
 *
 * <p>The generator is MT19937 seeded with the seed's low 32 bits. A float tensor of n ≥ 16 values is
 * filled with uniforms (the low 24 bits of one 32-bit draw, over 2²⁴) and turned into normals 16 at a time
 * by Box–Muller: the first 8 uniforms give the radius √(−2·ln(1 − u)), the next 8 the angle 2π·u, the first
 * 8 outputs take the cosine and the next 8 the sine; when n is not a multiple of 16 the last 16 values are
 * drawn again and transformed. libtorch does this with 8-wide single-precision polynomial log, sin and cos
 * (the Cephes approximations of Pommier's avx_mathfun); they are evaluated here in the same order, in
 * float, with a fused multiply-add wherever GCC contracts a product into the sum that is its only use (in
 * statement order: a product that feeds another product is not fused, and of two products summed, the one
 * computed first is), so the bits agree: TorchRandomTest checks them against python3-torch.
 */
public final class TorchRandom {

    private final Mt19937 mt;

    public TorchRandom(long seed) {
        mt = new Mt19937(seed);
    }

    /** The next 32-bit output of MT19937, as an unsigned value in an int. */
    public int nextInt() {
        return mt.nextInt();
    }

    /** Uniform in [0, 1) from 24 bits, as torch draws floats. */
    private float uniform() {
        return (nextInt() & 0xffffff) * 0x1.0p-24f;
    }

    /** The next n standard normals, as {@code torch.randn(n, generator=g)} gives them; n ≥ 16. */
    public float[] normals(int n) {
        if (n < 16) {
            throw new IllegalArgumentException("torch draws fewer than 16 normals another way; got " + n);
        }
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            d[i] = uniform();
        }
        for (int i = 0; i + 16 <= n; i += 16) {
            boxMuller16(d, i);
        }
        if (n % 16 != 0) {
            for (int i = n - 16; i < n; i++) {
                d[i] = uniform();
            }
            boxMuller16(d, n - 16);
        }
        return d;
    }

    private static final float TWO_PI = (float) (2 * Math.PI);

    private static void boxMuller16(float[] d, int at) {
        for (int j = 0; j < 8; j++) {
            float u1 = 1f - d[at + j];
            float u2 = d[at + 8 + j];
            float radius = (float) Math.sqrt(-2f * log(u1));
            float theta = TWO_PI * u2;
            float[] sc = sinCos(theta);
            d[at + j] = radius * sc[1];
            d[at + 8 + j] = radius * sc[0];
        }
    }

    /** a·b + c rounded once: where the compiler fused libtorch's multiply and add. */
    private static float madd(float a, float b, float c) {
        return Math.fma(a, b, c);
    }

    /** Cephes' single-precision natural logarithm for positive normal x, in avx_mathfun's order. */
    static float log(float x) {
        int bits = Float.floatToRawIntBits(Math.max(x, Float.MIN_NORMAL));
        float e = (float) ((bits >>> 23) - 0x7f) + 1f;
        float m = Float.intBitsToFloat((bits & ~0x7f800000) | Float.floatToRawIntBits(0.5f));
        boolean below = m < 0.707106781186547524f;
        float tmp = below ? m : 0f;
        m = m - 1f;
        if (below) {
            e = e - 1f;
        }
        m = m + tmp;
        float z = m * m;
        float y = 7.0376836292E-2f;
        y = madd(y, m, -1.1514610310E-1f);
        y = madd(y, m, 1.1676998740E-1f);
        y = madd(y, m, -1.2420140846E-1f);
        y = madd(y, m, 1.4249322787E-1f);
        y = madd(y, m, -1.6668057665E-1f);
        y = madd(y, m, 2.0000714765E-1f);
        y = madd(y, m, -2.4999993993E-1f);
        y = madd(y, m, 3.3333331174E-1f);
        y = y * m;
        y = madd(y, z, e * -2.12194440e-4f);
        y = madd(-z, 0.5f, y);
        m = m + y;
        return madd(e, 0.693359375f, m);
    }

    /** Cephes' single-precision sine and cosine of x ≥ 0, in avx_mathfun's order: {sin, cos}. */
    static float[] sinCos(float x) {
        float y = x * 1.27323954473516f;
        int j = (int) y;
        j = (j + 1) & ~1;
        y = j;
        boolean swapSin = (j & 4) != 0;
        boolean poly = (j & 2) == 0;
        x = madd(y, -0.78515625f, x);
        x = madd(y, -2.4187564849853515625e-4f, x);
        x = madd(y, -3.77489497744594108e-8f, x);
        boolean negCos = ((~(j - 2)) & 4) != 0;
        float z = x * x;
        float c = 2.443315711809948E-005f;
        c = madd(c, z, -1.388731625493765E-003f);
        c = madd(c, z, 4.166664568298827E-002f);
        c = c * z;
        c = madd(c, z, -(z * 0.5f));
        c = c + 1f;
        float s = -1.9515295891E-4f;
        s = madd(s, z, 8.3321608736E-3f);
        s = madd(s, z, -1.6666654611E-1f);
        s = s * z;
        s = madd(s, x, x);
        float sin = poly ? s : c;
        float cos = poly ? c : s;
        if (swapSin) {
            sin = -sin;
        }
        if (negCos) {
            cos = -cos;
        }
        return new float[] {sin, cos};
    }
}
