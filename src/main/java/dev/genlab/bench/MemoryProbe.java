package dev.genlab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident memory of this process from /proc/self/status, native allocations (libtorch's tensors)
 * included, unlike the JVM's own heap figures: VmRSS now and VmHWM, the peak since the process started.
 */
public final class MemoryProbe {

    private MemoryProbe() {}

    /** Resident set size now, in MB, or -1 where /proc is not available. */
    public static double residentMb() {
        return field("VmRSS:");
    }

    /** Peak resident set size since the process started, in MB, or -1. */
    public static double peakResidentMb() {
        return field("VmHWM:");
    }

    static double field(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(name)) {
                    String kb = line.substring(name.length()).trim().split("\\s+")[0];
                    return Long.parseLong(kb) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** The process id, so that tests can check which process a figure came from. */
    public static long pid() {
        return ProcessHandle.current().pid();
    }
}
