package dev.genlab.nn;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Keeps libtorch's one-time notices that say nothing to a genlab user off the terminal: on CPUs without what
 * NNPACK needs, the first convolution of a process prints "Could not initialize NNPACK! Reason: Unsupported
 * hardware." to the process's standard error, from native code that Java's System.err never sees (and that
 * libtorch's log level does not reach under DJL). The first convolution is therefore run with the native
 * standard error pointed at /dev/null for its duration, then restored. Where libc cannot be reached (not
 * Linux or macOS), it runs as it is.
 */
final class EngineNotices {

    /** The few libc calls needed, bound by JNA. */
    private interface LibC extends Library {
        int dup(int fd);

        int dup2(int from, int to);

        int open(String path, int flags);

        int close(int fd);
    }

    private static final int STDERR = 2;

    private EngineNotices() {}

    /** Runs {@code work} with the process's native standard error discarded, restoring it afterwards. */
    static void quietly(Runnable work) {
        LibC c;
        try {
            c = Native.load("c", LibC.class);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            work.run();
            return;
        }
        System.err.flush();
        int saved = c.dup(STDERR);
        int devNull = saved < 0 ? -1 : c.open("/dev/null", 1); // O_WRONLY
        if (devNull < 0 || c.dup2(devNull, STDERR) < 0) {
            if (saved >= 0) {
                c.close(saved);
            }
            if (devNull >= 0) {
                c.close(devNull);
            }
            work.run();
            return;
        }
        try {
            work.run();
        } finally {
            c.dup2(saved, STDERR);
            c.close(saved);
            c.close(devNull);
        }
    }
}
