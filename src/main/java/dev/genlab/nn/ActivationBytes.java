package dev.genlab.nn;

import ai.djl.ndarray.NDManager;
import java.util.function.Consumer;

/**
 * What a network's pass costs in memory for each item of its batch, measured rather than guessed: the bytes of
 * every array the pass makes, run on a couple of items in a manager of its own and freed at once. A family
 * checks a batch against the free memory with it before starting work the kernel would kill half-way.
 */
public final class ActivationBytes {

    private ActivationBytes() {}

    /**
     * @param items the batch the pass runs on
     * @param pass  makes its arrays under the manager it is given and keeps them (nothing freed on the way)
     * @return bytes per item, at least 1
     */
    public static long perItem(NDManager parent, int items, Consumer<NDManager> pass) {
        try (NDManager m = parent.newSubManager()) {
            pass.accept(m);
            long bytes = m.getManagedArrays().stream()
                    .mapToLong(a -> a.getShape().size() * a.getDataType().getNumOfBytes()).sum();
            return Math.max(1, bytes / items);
        }
    }
}
