package dev.genlab.nn;

import ai.djl.ndarray.NDArray;

/** A function of one tensor whose parameters live in a {@link Parameters} set. */
@FunctionalInterface
public interface Layer {
    NDArray forward(NDArray x);
}
