package dev.genlab.doctor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Leaves NaN in memory the allocator will hand out next: a kernel that reads memory it never wrote then
 * shows it at once (NaN in its result) instead of now and then, when leftovers happen to be NaN.
 */
final class FreedMemory {

    private FreedMemory() {}

    /** Allocates and frees a few NaN-filled buffers of about {@code floats} values each. */
    static void poison(NDManager manager, long floats) {
        for (int i = 0; i < 4; i++) {
            try (NDArray a = manager.full(new Shape(floats + 1024L * i), Float.NaN)) {
                a.getShape(); // allocated and filled by full(); closing frees it
            }
        }
    }
}
