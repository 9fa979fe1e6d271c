package dev.genlab.model.flow;

import ai.djl.ndarray.NDArray;

/** One invertible map of a normalizing flow with the log-determinant of its Jacobian. */
interface FlowLayer {

    /** y and log|det ∂y/∂x| per sample. */
    record Output(NDArray y, NDArray logDet) {}

    Output forward(NDArray x);

    NDArray inverse(NDArray y);
}
