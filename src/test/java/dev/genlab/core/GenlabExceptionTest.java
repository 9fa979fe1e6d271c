package dev.genlab.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GenlabExceptionTest {

    @Test
    void textFromAFileCannotBreakTheLineOrReachTheTerminal() {
        // a damaged pickle's global name as found by fuzzing: line breaks and an escape sequence inside
        String global = "torch\n_utils\r\u001b[31m\u0007owned";
        GenlabException e = new GenlabException("refused the global " + global + ": convert the file");
        assertThat(e.getMessage()).doesNotContain("\n", "\r", "\u001b", "\u0007")
                .contains("\\u000a", "\\u001b").startsWith("refused the global torch").endsWith(": convert the file");
    }

    @Test
    void aMessageOfAnyLengthStaysBounded() {
        GenlabException e = new GenlabException("x".repeat(1_000_000), new RuntimeException());
        assertThat(e.getMessage().length()).isLessThan(4100);
        assertThat(e.getMessage()).contains("more characters");
    }
}
