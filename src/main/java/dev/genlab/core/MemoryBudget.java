package dev.genlab.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Checks a large allocation against the memory the machine has free before making it, so that a job too
 * big for the machine stops with one line naming what it needs instead of being killed by the kernel
 * half-way (or swapping for an hour).
 */
public final class MemoryBudget {

    private MemoryBudget() {}

    /** Bytes the kernel reports as available for new allocations (MemAvailable), or -1 where unknown. */
    public static long availableBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    return Long.parseLong(line.substring("MemAvailable:".length()).trim().split("\\s+")[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /**
     * Refuses {@code what} when it needs more than the available memory.
     *
     * @param fix how to make it fit, e.g. "choose a smaller --size"
     */
    public static void require(long bytes, String what, String fix) {
        long available = availableBytes();
        if (available > 0 && bytes > available) {
            throw new GenlabException(String.format(Locale.ROOT, "%s needs about %.1f GB of memory and %.1f GB are "
                    + "free: %s", what, bytes / 1e9, available / 1e9, fix));
        }
    }
}
