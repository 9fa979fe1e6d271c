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

    /**
     * Bytes available for new allocations: the kernel's MemAvailable, or less where this process's cgroup (a
     * container's memory limit) leaves less; -1 where neither is known.
     */
    public static long availableBytes() {
        return availableBytes(Path.of("/proc/meminfo"), Path.of("/sys/fs/cgroup"));
    }

    static long availableBytes(Path meminfo, Path cgroupRoot) {
        long kernel = memAvailable(meminfo);
        long cgroup = cgroupHeadroom(cgroupRoot);
        if (kernel < 0 || cgroup < 0) {
            return Math.max(kernel, cgroup);
        }
        return Math.min(kernel, cgroup);
    }

    private static long memAvailable(Path meminfo) {
        try {
            for (String line : Files.readAllLines(meminfo)) {
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
     * What the cgroup's limit leaves: limit − (usage − inactive file cache, which the kernel reclaims before it
     * kills), cgroup v2 or v1; -1 without a limit. Inside a container MemAvailable is the host's.
     */
    static long cgroupHeadroom(Path root) {
        long v2 = headroom(root.resolve("memory.max"), root.resolve("memory.current"), root.resolve("memory.stat"),
                "inactive_file ");
        return v2 >= 0 ? v2 : headroom(root.resolve("memory/memory.limit_in_bytes"),
                root.resolve("memory/memory.usage_in_bytes"), root.resolve("memory/memory.stat"), "total_inactive_file ");
    }

    private static long headroom(Path limitFile, Path usageFile, Path statFile, String inactiveKey) {
        try {
            String limitText = Files.readString(limitFile).trim();
            if (limitText.equals("max")) {
                return -1;
            }
            long limit = Long.parseLong(limitText);
            if (limit >= Long.MAX_VALUE / 2) { // cgroup v1's "no limit"
                return -1;
            }
            long used = Long.parseLong(Files.readString(usageFile).trim());
            long inactive = 0;
            if (Files.isReadable(statFile)) {
                for (String line : Files.readAllLines(statFile)) {
                    if (line.startsWith(inactiveKey)) {
                        inactive = Long.parseLong(line.substring(inactiveKey.length()).trim());
                    }
                }
            }
            return Math.max(1, limit - Math.max(0, used - inactive));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
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
