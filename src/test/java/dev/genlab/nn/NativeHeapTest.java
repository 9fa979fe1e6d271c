package dev.genlab.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.sun.jna.Memory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NativeHeapTest {

    private static final long ARRAY = 512L << 20; // above glibc's largest mmap threshold (32 MiB)

    @Test
    void returningLargeArraysNestsAndEndsWithTheOutermostCall() {
        assertThat(NativeHeap.returning()).isFalse();
        String value = NativeHeap.returningLargeArrays(() -> {
            assertThat(NativeHeap.returning()).isTrue();
            NativeHeap.returningLargeArrays(() -> null);
            assertThat(NativeHeap.returning()).as("still inside the outer call").isTrue();
            return "made";
        });
        assertThat(value).isEqualTo("made");
        assertThat(NativeHeap.returning()).isFalse();
        assertThatThrownBy(() -> NativeHeap.returningLargeArrays(() -> {
            throw new IllegalStateException("failed work");
        })).hasMessage("failed work");
        assertThat(NativeHeap.returning()).as("restored after a failure").isFalse();
    }

    /**
     * The point of the policy, in a process started as the launcher starts genlab: a freed large array stays in the
     * heap, and the next one of its size finds its pages there, where glibc by default maps it anew and every page
     * faults again; inside {@link NativeHeap#returningLargeArrays} freed large arrays go back to the kernel.
     */
    @Test
    void freedLargeArraysAreKeptForReuseUnlessReturned() throws Exception {
        assumeThat(Files.isReadable(Path.of("/proc/self/statm"))).as("Linux").isTrue();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Probe.class.getName());
        pb.environment().put("GLIBC_TUNABLES", "glibc.malloc.arena_max=1"); // the launcher's, without huge pages
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertThat(p.waitFor()).as(out).isZero();
        assumeThat(out).as("glibc").doesNotStartWith("no glibc");
        long[] pages = java.util.Arrays.stream(out.split(" ")).mapToLong(Long::parseLong).toArray();
        long array = ARRAY / 4096;
        assertThat(pages[0]).as("resident after freeing, returned").isLessThan(array / 4);
        assertThat(pages[1]).as("resident after freeing, kept").isGreaterThan(array * 3 / 4);
        assertThat(pages[2]).as("page faults writing the size again, kept").isLessThan(array / 20);
    }

    /** The child: pages left resident by a written and freed array, returned then kept, and the faults of reuse. */
    public static final class Probe {

        public static void main(String[] args) {
            if (!NativeHeap.available()) {
                System.out.println("no glibc");
                return;
            }
            NativeHeap.keepFreedArrays();
            long returned = NativeHeap.returningLargeArrays(Probe::residentAfterFreeing);
            long kept = residentAfterFreeing();
            long before = stat("/proc/self/stat", 9);
            write();
            System.out.println(returned + " " + kept + " " + (stat("/proc/self/stat", 9) - before));
        }

        private static long residentAfterFreeing() {
            long before = stat("/proc/self/statm", 1);
            write();
            return stat("/proc/self/statm", 1) - before;
        }

        private static void write() {
            try (Memory m = new Memory(ARRAY)) {
                m.setMemory(0, ARRAY, (byte) 1);
            }
        }

        /** Field {@code index} (from 0) of a /proc file of numbers, after the command's name where it has one. */
        private static long stat(String file, int index) {
            try {
                String s = Files.readString(Path.of(file)).trim();
                int paren = s.lastIndexOf(')');
                String[] f = (paren < 0 ? s : s.substring(paren + 2)).split(" ");
                return Long.parseLong(f[paren < 0 ? index : index - 2]);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
