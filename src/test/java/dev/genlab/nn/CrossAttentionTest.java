package dev.genlab.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.genlab.core.SeededRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class CrossAttentionTest {

    static final int C = 8;
    static final int D = 6;
    static final int T = 4;
    static final int HW = 9;

    static float[] run(NDManager m, Parameters p, CrossAttention a, float[] x, float[] context) {
        return a.forward(m.create(x, new Shape(1, C, 3, 3)), m.create(context, new Shape(1, T, D))).toFloatArray();
    }

    @Test
    void identicalTokensGiveTheSameUpdateEverywhereWhateverTheQueries() {
        try (NDManager m = NDManager.newBaseManager(); Parameters p = new Parameters(m, 1)) {
            CrossAttention a = new CrossAttention(p, "xattn", C, D, 2);
            float[] token = new SeededRandom(2).gaussians(D);
            float[] context = new float[T * D];
            for (int t = 0; t < T; t++) {
                System.arraycopy(token, 0, context, t * D, D);
            }
            float[] x1 = new SeededRandom(3).gaussians(C * HW);
            float[] x2 = new SeededRandom(4).gaussians(C * HW);
            float[] y1 = run(m, p, a, x1, context);
            float[] y2 = run(m, p, a, x2, context);
            // closed form: softmax over identical keys is uniform, so every head reads the token's value:
            // update = proj(to_v(token)), computed here on the host
            float[] wv = p.all().get("xattn.to_v.weight").toFloatArray(); // (C, D)
            float[] bv = p.all().get("xattn.to_v.bias").toFloatArray();
            float[] wp = p.all().get("xattn.proj.weight").toFloatArray(); // (C, C, 1, 1)
            float[] bp = p.all().get("xattn.proj.bias").toFloatArray();
            double[] v = new double[C];
            for (int c = 0; c < C; c++) {
                v[c] = bv[c];
                for (int d = 0; d < D; d++) {
                    v[c] += wv[c * D + d] * token[d];
                }
            }
            for (int c = 0; c < C; c++) {
                double expected = bp[c];
                for (int j = 0; j < C; j++) {
                    expected += wp[c * C + j] * v[j];
                }
                assertThat((double) y1[c * HW] - x1[c * HW]).isCloseTo(expected, Offset.offset(1e-5));
            }
            for (int c = 0; c < C; c++) {
                float update = y1[c * HW] - x1[c * HW];
                for (int i = 0; i < HW; i++) {
                    assertThat(y1[c * HW + i] - x1[c * HW + i]).isCloseTo(update, Offset.offset(1e-5f));
                    assertThat(y2[c * HW + i] - x2[c * HW + i]).isCloseTo(update, Offset.offset(1e-5f));
                }
            }
        }
    }

    @Test
    void theOrderOfTheTokensDoesNotMatterButTheirContentDoes() {
        try (NDManager m = NDManager.newBaseManager(); Parameters p = new Parameters(m, 1)) {
            CrossAttention a = new CrossAttention(p, "xattn", C, D, 4);
            float[] x = new SeededRandom(5).gaussians(C * HW);
            float[] context = new SeededRandom(6).gaussians(T * D);
            float[] reversed = new float[T * D];
            for (int t = 0; t < T; t++) {
                System.arraycopy(context, t * D, reversed, (T - 1 - t) * D, D);
            }
            float[] y = run(m, p, a, x, context);
            assertThat(run(m, p, a, x, reversed)).containsExactly(y, Offset.offset(1e-5f));
            float[] changed = context.clone();
            changed[0] += 3f;
            assertThat(run(m, p, a, x, changed)).isNotEqualTo(y);
            assertThatThrownBy(() -> new CrossAttention(p, "bad", C, D, 3)).hasMessageContaining("heads must divide");
        }
    }
}
