package dev.genlab.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.core.SeededRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class CaptionsTest {

    static final List<String> FASHION = List.of("t-shirt-top", "trouser", "pullover", "dress", "coat", "sandal",
            "shirt", "sneaker", "bag", "ankle-boot");

    @Test
    void hundredsOfDistinctCaptionsAndHeldOutParaphrasesNeverAmongThem() {
        Captions c = new Captions(FASHION);
        Set<String> training = new HashSet<>();
        for (int k = 0; k < FASHION.size(); k++) {
            assertThat(c.all(k)).hasSizeGreaterThan(300);
            training.addAll(c.all(k));
        }
        for (int k = 0; k < FASHION.size(); k++) {
            assertThat(c.heldOut(k)).isNotEmpty();
            for (String p : c.heldOut(k)) {
                assertThat(training).as(p).doesNotContain(p);
                assertThat(training.stream().anyMatch(t -> t.contains(p))).as(p).isFalse();
            }
        }
    }

    @Test
    void drawnCaptionsAreTrainingCaptionsAndRepeatBySeed() {
        Captions c = new Captions(FASHION);
        for (int k = 0; k < FASHION.size(); k++) {
            SeededRandom a = new SeededRandom(k);
            SeededRandom b = new SeededRandom(k);
            for (int i = 0; i < 20; i++) {
                String s = c.caption(k, a);
                assertThat(c.all(k)).contains(s);
                assertThat(c.caption(k, b)).isEqualTo(s);
            }
        }
        assertThat(Captions.fill("a {a} {n}", "boot", "old")).isEqualTo("an old boot");
        assertThat(Captions.fill("a photo of a {n}", "ankle boot", "x")).isEqualTo("a photo of an ankle boot");
        assertThat(new Captions(List.of("cat")).caption(0, new SeededRandom(1))).contains("cat");
    }

    @Test
    void theBankKeepsASeededMixOfDescribedAndNamedCaptions() {
        Captions c = new Captions(FASHION);
        for (int k = 0; k < FASHION.size(); k++) {
            List<String> kept = CaptionBank.choose(c, k, 150, 7);
            assertThat(kept).hasSize(150).doesNotHaveDuplicates().isEqualTo(CaptionBank.choose(c, k, 150, 7));
            long described = kept.stream().filter(c.described(k)::contains).count();
            assertThat(described).isEqualTo(Math.round(150 * Captions.DESCRIBED_SHARE));
            assertThat(c.named(k)).containsAll(kept.subList((int) described, kept.size()));
            assertThat(CaptionBank.choose(c, k, 150, 8)).isNotEqualTo(kept);
        }
        // a class that knows only its name: every caption names it, and a large request takes them all
        Captions plain = new Captions(List.of("cat"));
        assertThat(CaptionBank.choose(plain, 0, 10_000, 1)).hasSameSizeAs(plain.all(0))
                .allMatch(s -> s.contains("cat"));
    }

    @Test
    void drawnCaptionsMixDescriptionsWithNames() {
        Captions c = new Captions(FASHION);
        SeededRandom rng = new SeededRandom(3);
        int described = 0;
        int n = 3000;
        for (int i = 0; i < n; i++) {
            int k = i % FASHION.size();
            if (c.described(k).contains(c.caption(k, rng))) {
                described++;
            }
        }
        assertThat(described / (double) n).isCloseTo(Captions.DESCRIBED_SHARE, Offset.offset(0.05));
    }
}
