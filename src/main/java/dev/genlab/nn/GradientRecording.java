package dev.genlab.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;

/**
 * A span in which operations are recorded for a backward pass: the one way genlab opens the engine's
 * gradient collector, so that layers can ask whether they are being differentiated ({@link #active()}).
 * The engine cannot answer that itself: its grad mode is on by default in every thread but the one that
 * loaded it, and it reports results of operations as not requiring a gradient (only leaves do).
 */
public final class GradientRecording implements AutoCloseable {

    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private final GradientCollector collector;
    private boolean closed;

    private GradientRecording() {
        this.collector = Engine.getInstance().newGradientCollector();
        DEPTH.get()[0]++;
    }

    /** Starts recording on this thread; close it to stop. */
    public static GradientRecording start() {
        return new GradientRecording();
    }

    /** Whether this thread is inside a recording: a backward pass may follow what is computed now. */
    public static boolean active() {
        return DEPTH.get()[0] > 0;
    }

    /** Gradients of {@code loss} (a scalar) into every array that requires one. */
    public void backward(NDArray loss) {
        collector.backward(loss);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            DEPTH.get()[0]--;
            collector.close();
        }
    }
}
