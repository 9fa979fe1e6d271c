package dev.genlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.TestCli;
import java.util.List;
import org.junit.jupiter.api.Test;

/** `genlab doctor` as a user runs it: every check passes on a machine genlab supports, and says what it measured. */
class DoctorCommandTest {

    @Test
    void everyCheckPassesAndNamesWhatItMeasured() {
        TestCli.Run run = TestCli.run("doctor");
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).anyMatch(l -> l.startsWith("ok    engine    engine: DJL"))
                .anyMatch(l -> l.contains("oneDNN padded-channel defect"))
                .anyMatch(l -> l.contains("convolution 3×3, 24 → 8 channels") && l.contains("of float64"))
                .anyMatch(l -> l.contains("cross-attention") && l.startsWith("ok"))
                .anyMatch(l -> l.startsWith("ok    training  tiny training run twice: ") && l.contains("identical"))
                .noneMatch(l -> l.startsWith("FAIL"));
        assertThat(lines.get(lines.size() - 1)).matches("all \\d+ checks passed");
    }

    @Test
    void aBadThreadCountIsAUsageError() {
        TestCli.Run run = TestCli.run("doctor", "--threads", "0");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().strip()).startsWith("genlab: --threads must be between 1 and 1024").doesNotContain("\n");
    }
}
