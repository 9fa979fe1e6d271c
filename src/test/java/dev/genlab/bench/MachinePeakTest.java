package dev.genlab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class MachinePeakTest {

    @Test
    void bothKernelsGiveAFiniteRateAndLeaveNoArraysBehind() {
        try (NDManager m = NDManager.newBaseManager()) {
            double mm = MachinePeak.matMul(m, 64, 2);
            double conv = MachinePeak.conv3x3(m, 1, 8, 8, 2);
            assertThat(mm).isPositive().isFinite();
            assertThat(conv).isPositive().isFinite();
            // the arrays it made are gone with their sub-manager
            assertThat(m.getManagedArrays()).isEmpty();
        }
    }
}
