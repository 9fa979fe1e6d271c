package dev.genlab.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    @TempDir
    Path tmp;

    private Path meminfo(long availableKb) throws Exception {
        return Files.writeString(tmp.resolve("meminfo"), "MemTotal:       24000000 kB\nMemFree: 1 kB\nMemAvailable:   "
                + availableKb + " kB\n");
    }

    @Test
    void aContainersCgroupLimitCountsWhereItLeavesLess() throws Exception {
        Path cgroup = Files.createDirectories(tmp.resolve("cgroup"));
        Files.writeString(cgroup.resolve("memory.max"), "2147483648\n"); // a 2 GiB container on a 10 GB host
        Files.writeString(cgroup.resolve("memory.current"), "1610612736\n");
        Files.writeString(cgroup.resolve("memory.stat"), "anon 1073741824\ninactive_file 536870912\nactive_file 1\n");
        // 2 GiB − (1.5 GiB used − 0.5 GiB of cache the kernel reclaims first) = 1 GiB
        assertThat(MemoryBudget.availableBytes(meminfo(10_000_000), cgroup)).isEqualTo(1L << 30);
        // a host with less free than the container's limit leaves: the host's figure
        assertThat(MemoryBudget.availableBytes(meminfo(500_000), cgroup)).isEqualTo(500_000L * 1024);
    }

    @Test
    void noLimitMeansTheKernelsFigure() throws Exception {
        Path v2 = Files.createDirectories(tmp.resolve("v2"));
        Files.writeString(v2.resolve("memory.max"), "max\n");
        Files.writeString(v2.resolve("memory.current"), "123\n");
        assertThat(MemoryBudget.availableBytes(meminfo(4_000_000), v2)).isEqualTo(4_000_000L * 1024);
        Path v1 = Files.createDirectories(tmp.resolve("v1").resolve("memory"));
        Files.writeString(v1.resolve("memory.limit_in_bytes"), "9223372036854771712\n");
        Files.writeString(v1.resolve("memory.usage_in_bytes"), "123\n");
        assertThat(MemoryBudget.availableBytes(meminfo(4_000_000), v1.getParent())).isEqualTo(4_000_000L * 1024);
        assertThat(MemoryBudget.availableBytes(meminfo(4_000_000), tmp.resolve("none"))).isEqualTo(4_000_000L * 1024);
        assertThat(MemoryBudget.availableBytes(tmp.resolve("no-meminfo"), tmp.resolve("none"))).isEqualTo(-1);
    }

    @Test
    void cgroupV1LimitsCountToo() throws Exception {
        Path v1 = Files.createDirectories(tmp.resolve("v1b").resolve("memory"));
        Files.writeString(v1.resolve("memory.limit_in_bytes"), "1073741824\n");
        Files.writeString(v1.resolve("memory.usage_in_bytes"), "536870912\n");
        Files.writeString(v1.resolve("memory.stat"), "total_inactive_file 0\n");
        assertThat(MemoryBudget.availableBytes(meminfo(10_000_000), v1.getParent())).isEqualTo(512L << 20);
    }
}
