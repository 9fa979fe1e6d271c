package dev.genlab.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TextEncoderTest {

    static TextEncoder encoder;

    @BeforeAll
    static void load() {
        encoder = TextEncoder.load(1);
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    /** Mean of the hidden states over the prompt's real tokens: the sentence embedding MiniLM is trained for. */
    static double[] pooled(String prompt) {
        float[] h = encoder.encode(prompt);
        int n = encoder.tokenize(prompt).length();
        double[] v = new double[TextEncoder.DIM];
        for (int t = 0; t < n; t++) {
            for (int d = 0; d < v.length; d++) {
                v[d] += h[t * TextEncoder.DIM + d] / n;
            }
        }
        return v;
    }

    static double cosine(double[] a, double[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return ab / Math.sqrt(aa * bb);
    }

    @Test
    void promptsBecomeFixedSizeContextsThatRepeatExactly() {
        float[] a = encoder.encode("a photo of a sneaker");
        assertThat(a).hasSize(TextEncoder.TOKENS * TextEncoder.DIM);
        assertThat(encoder.encode("a photo of a sneaker")).containsExactly(a);
        float[] both = encoder.encode(List.of("a photo of a sneaker", ""));
        assertThat(both).hasSize(2 * a.length);
        assertThat(java.util.Arrays.copyOf(both, a.length)).containsExactly(a);
        assertThat(encoder.tokenize("").length()).as("[CLS] [SEP]").isEqualTo(2);
        String longPrompt = "a very long prompt ".repeat(40);
        assertThat(encoder.tokenize(longPrompt).length()).isEqualTo(TextEncoder.TOKENS);
        assertThat(encoder.encode(longPrompt)).hasSize(a.length);
    }

    @Test
    void paraphrasesAreCloserThanOtherGarments() {
        double[] boot = pooled("an ankle boot");
        double[] paraphrase = pooled("a short leather boot for women");
        double[] trousers = pooled("a pair of trousers");
        assertThat(cosine(boot, paraphrase)).isGreaterThan(cosine(boot, trousers));
    }
}
