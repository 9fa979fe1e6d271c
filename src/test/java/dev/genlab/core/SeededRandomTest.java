package dev.genlab.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SeededRandomTest {

    @Test
    void sameSeedGivesSameStreamAndOtherSeedsDiffer() {
        assertThat(new SeededRandom(42).gaussians(100)).containsExactly(new SeededRandom(42).gaussians(100));
        assertThat(new SeededRandom(42).gaussians(100)).isNotEqualTo(new SeededRandom(43).gaussians(100));
        assertThat(SeededRandom.derive(7, 1).nextLong()).isNotEqualTo(SeededRandom.derive(7, 2).nextLong());
    }

    @Test
    void normalsHaveUnitMoments() {
        float[] g = new SeededRandom(1).gaussians(200_000);
        double mean = 0;
        double sq = 0;
        for (float v : g) {
            mean += v;
            sq += v * v;
        }
        mean /= g.length;
        double var = sq / g.length - mean * mean;
        assertThat(mean).isCloseTo(0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(var).isCloseTo(1, org.assertj.core.data.Offset.offset(0.02));
    }

    @Test
    void permutationHoldsEveryIndexOnce() {
        int[] p = new SeededRandom(3).permutation(1000);
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertThat(sorted[i]).isEqualTo(i);
        }
        assertThat(p).isNotEqualTo(sorted);
    }

    @Test
    void boundedIntsStayInRange() {
        SeededRandom r = new SeededRandom(5);
        int[] counts = new int[10];
        for (int i = 0; i < 10_000; i++) {
            counts[r.nextInt(10)]++;
        }
        assertThat(Arrays.stream(counts).boxed().toList()).allSatisfy(c -> assertThat(c).isBetween(850, 1150));
    }
}
