package dev.genlab.nn;

/**
 * Counts the floating-point operations of convolutions and linear layers from their shapes while
 * enabled (2 per multiply-add; normalisation and activations, a few percent of the total, are not
 * counted). Used by bench for achieved GFLOP/s; off, it costs one field read per layer call.
 */
public final class FlopCounter {

    private static final ThreadLocal<long[]> COUNT = new ThreadLocal<>();

    private FlopCounter() {}

    /** Starts counting on this thread. */
    public static void start() {
        COUNT.set(new long[1]);
    }

    /** Stops counting and returns the operations counted since {@link #start()}. */
    public static long stop() {
        long[] c = COUNT.get();
        COUNT.remove();
        return c == null ? 0 : c[0];
    }

    /** Adds a layer's operations; public for layers that models outside this package define. */
    public static void add(long flops) {
        long[] c = COUNT.get();
        if (c != null) {
            c[0] += flops;
        }
    }
}
