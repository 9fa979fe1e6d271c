package dev.genlab.model;

import java.util.Map;

/**
 * A generator whose calls pass through distinct phases that it times itself (a text-to-image pipeline:
 * text encoding, denoising, decoding), so that a benchmark can say where the time goes.
 */
public interface PhaseTimed {

    /** Seconds spent in each phase since the last {@link #resetPhases}, in pipeline order. */
    Map<String, Double> phaseSeconds();

    void resetPhases();
}
