package dev.genlab.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A job larger than the machine's free memory stops before it allocates, with one line saying so. */
class MemoryBudgetTest {

    @Test
    void refusesWhatCannotFitAndPassesWhatCan() {
        long available = MemoryBudget.availableBytes();
        if (available <= 0) {
            return; // no /proc/meminfo: the check is skipped, as it is for users there
        }
        MemoryBudget.require(1, "a byte", "nothing");
        assertThatThrownBy(() -> MemoryBudget.require(available * 4, "a 2048x2048 image", "choose a smaller --size"))
                .isInstanceOf(GenlabException.class)
                .hasMessageContaining("a 2048x2048 image needs about").hasMessageContaining("choose a smaller --size")
                .hasMessageNotContaining("\n");
        assertThat(available).isGreaterThan(1L << 20);
    }
}
