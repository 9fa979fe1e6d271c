package dev.genlab.nn;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import java.util.function.Supplier;

/**
 * Where the engine's large arrays come from: glibc's heap, reused, or fresh pages from the kernel each time.
 *
 * <p>By default glibc maps every allocation above 32 MiB anew and unmaps it when freed, so each such array costs
 * its pages faulted in and zeroed again. At 1024×1024 StyleGAN2 allocates about 3 GB of them an image; the kernel
 * zeroing them ({@code clear_page_erms}) was a third of a profile here, and an image took 2.2–3.5 s instead of
 * 1.0 s. {@link #keepFreedArrays} therefore keeps every array in the heap, where the next array of its size finds
 * it already mapped. That suits work that allocates the same shapes over and over (a generator image after
 * image, a training step, a sampler's steps). It does not suit a pipeline whose phases differ in shape: Stable
 * Diffusion's VAE decode, after its UNet, found no freed block of its sizes and grew the heap, 0.2 GB above its
 * usual peak. Such work runs in {@link #returningLargeArrays}, as glibc would have it by default.
 *
 * <p>The policy applies to every thread only when glibc keeps one heap for all (the launcher's
 * {@code glibc.malloc.arena_max=1}): otherwise the JVM's main thread allocates from a heap of its own, which
 * maps large arrays whatever the policy. Off glibc, every call here does nothing.
 */
public final class NativeHeap {

    /** The few libc calls needed, bound by JNA. */
    private interface LibC extends Library {
        int mallopt(int param, int value);

        int malloc_trim(long pad);
    }

    // mallopt's parameters (malloc.h)
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_TOP_PAD = -2;
    private static final int M_MMAP_THRESHOLD = -3;
    private static final int M_MMAP_MAX = -4;

    private static final int MIB = 1 << 20;
    /** glibc's largest mmap threshold on 64-bit: arrays above it are mapped when mapping is allowed. */
    private static final int MAP_ABOVE = 32 * MIB;

    private static final LibC C = load();
    private static boolean keeping;
    private static int returning;

    private NativeHeap() {}

    private static LibC load() {
        if (!Platform.isLinux()) {
            return null;
        }
        try {
            // both calls must exist (glibc's); binding alone does not look them up
            NativeLibrary libc = NativeLibrary.getInstance("c");
            libc.getFunction("mallopt");
            libc.getFunction("malloc_trim");
            return Native.load("c", LibC.class);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return null;
        }
    }

    /**
     * Keeps freed arrays in the heap for reuse: nothing is mapped apart, nothing is handed back below 2 GiB free at
     * the heap's top (VAE training ran 23% faster when the launcher first stopped it trimming), and the heap grows
     * 256 MiB at a time.
     */
    public static synchronized void keepFreedArrays() {
        keeping = true;
        if (returning == 0) {
            keep();
        }
    }

    private static void keep() {
        if (C != null) {
            // fixed, not glibc's sliding threshold, for the spells of returning
            C.mallopt(M_MMAP_THRESHOLD, MAP_ABOVE);
            C.mallopt(M_MMAP_MAX, 0);
            C.mallopt(M_TRIM_THRESHOLD, Integer.MAX_VALUE);
            C.mallopt(M_TOP_PAD, 256 * MIB);
        }
    }

    /**
     * Runs {@code work} with large arrays handed back: the heap's free pages go back to the kernel first, then an
     * array above 32 MiB that the heap has no room for is mapped apart and unmapped when freed, and the heap's top is trimmed above 512 MiB free (64 MiB kept); then restores
     * reuse (glibc's own policy stays untouched if {@link #keepFreedArrays} was not called). Calls nest; concurrent
     * ones share the policy until the last ends. Stable Diffusion's text to image kept its usual peak this way
     * (3.38–3.43 GB, 47–49 s, against 3.51–3.62 GB and 44–48 s with everything kept).
     */
    public static <T> T returningLargeArrays(Supplier<T> work) {
        begin();
        try {
            return work.get();
        } finally {
            end();
        }
    }

    private static synchronized void begin() {
        if (returning++ == 0 && keeping && C != null) {
            C.malloc_trim(0); // what was kept for other work first: it would only add to this work's peak
            C.mallopt(M_MMAP_MAX, 65536);
            C.mallopt(M_TRIM_THRESHOLD, 512 * MIB);
            C.mallopt(M_TOP_PAD, 64 * MIB);
        }
    }

    private static synchronized void end() {
        if (--returning == 0 && keeping) {
            keep();
        }
    }

    /** Whether the policy can be set here (glibc's allocator); without it every call does nothing. */
    public static boolean available() {
        return C != null;
    }

    /** Whether some work runs in {@link #returningLargeArrays} now. */
    public static synchronized boolean returning() {
        return returning > 0;
    }

    /** Hands the free pages anywhere in the heap back to the kernel: between phases whose arrays differ. */
    public static void release() {
        if (C != null) {
            C.malloc_trim(0);
        }
    }
}
