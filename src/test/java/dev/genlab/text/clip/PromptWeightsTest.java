package dev.genlab.text.clip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** AUTOMATIC1111's emphasis syntax and chunking, on the examples its documentation gives. */
class PromptWeightsTest {

    private static void check(String prompt, Object... expected) {
        List<PromptWeights.Span> spans = PromptWeights.parse(prompt);
        assertThat(spans).as(prompt).hasSize(expected.length / 2);
        for (int i = 0; i < spans.size(); i++) {
            assertThat(spans.get(i).text()).as(prompt).isEqualTo(expected[2 * i]);
            assertThat(spans.get(i).weight()).as(prompt).isCloseTo((Double) expected[2 * i + 1], Offset.offset(1e-9));
        }
    }

    @Test
    void bracketsWeightsAndEscapes() {
        check("normal text", "normal text", 1.0);
        check("an (important) word", "an ", 1.0, "important", 1.1, " word", 1.0);
        check("(unbalanced", "unbalanced", 1.1);
        check("\\(literal\\]", "(literal]", 1.0);
        check("(unnecessary)(parens)", "unnecessaryparens", 1.1);
        check("a (((house:1.3)) [on] a (hill:0.5), sun, (((sky))).", "a ", 1.0, "house", 1.1 * 1.1 * 1.3, " ", 1.1,
                "on", 1.0, " a ", 1.1, "hill", 0.55, ", sun, ", 1.1, "sky", 1.1 * 1.1 * 1.1 * 1.1, ".", 1.1);
        check("[faint]", "faint", 1 / 1.1);
        check("", "", 1.0);
        check("a BREAK b", "a", 1.0, "BREAK", -1.0, "b", 1.0);
    }

    @Test
    void longPromptsAreChunkedBy75AndBreakStartsAChunk() throws Exception {
        assumeTrue(Files.isRegularFile(ClipTokenizerTest.VOCAB), "CLIP's vocabulary is not in ../shared/clip");
        ClipTokenizer t = new ClipTokenizer(ClipVocabulary.read(ClipTokenizerTest.VOCAB));
        assertThat(PromptChunks.of(t, "a cat")).hasSize(1);
        var chunks = PromptChunks.of(t, "cat ".repeat(100));
        assertThat(chunks).hasSize(2);
        assertThat(chunks.get(0).ids()).hasSize(77).startsWith(49406).endsWith(49407);
        assertThat(chunks.get(1).ids()[1 + 24]).isEqualTo(chunks.get(0).ids()[1]); // the 25 tokens left over
        assertThat(chunks.get(1).ids()[1 + 25]).isEqualTo(49407);
        assertThat(PromptChunks.of(t, "a cat BREAK a dog")).hasSize(2);
        var weighted = PromptChunks.of(t, "a (cat:1.5)").get(0);
        assertThat(weighted.weights()[1]).isEqualTo(1f);
        assertThat(weighted.weights()[2]).isEqualTo(1.5f);
        // a comma within 20 tokens of a full chunk: the chunk ends after it, the rest moves on
        var commas = PromptChunks.of(t, "cat ".repeat(70) + ", " + "dog ".repeat(10));
        assertThat(commas).hasSize(2);
        assertThat(commas.get(0).ids()[71]).isEqualTo(t.vocabulary().id(",</w>"));
        assertThat(commas.get(0).ids()[72]).isEqualTo(49407);
    }
}
