package dev.genlab.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.core.SeededRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
}
