package dev.genlab.doctor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.genlab.core.SeededRandom;
import dev.genlab.nn.Convolution;
import dev.genlab.nn.GradientRecording;

/**
 * Looks for the engine's convolution defect ({@link Convolution}) directly: the engine's own convolution on
 * 24 input channels (the forward pass) and the input gradient of one with 8 output channels, on memory left
 * full of NaN. Found or not, genlab's layers work around it; the report says which, so a user whose
 * machine shows other trouble knows whether this one is in play.
 */
final class EngineDefectCheck {

    private static final int TRIES = 10;

    private EngineDefectCheck() {}

    static CheckResult run(NDManager root) {
        int forward = 0;
        int backward = 0;
        try (NDManager m = root.newSubManager()) {
            SeededRandom r = new SeededRandom(3);
            NDArray x = m.create(r.gaussians(16 * 24 * 8 * 8), new Shape(16, 24, 8, 8));
            NDArray w = m.create(r.gaussians(8 * 24 * 9), new Shape(8, 24, 3, 3));
            Shape one = new Shape(1, 1);
            for (int i = 0; i < TRIES; i++) {
                try (NDManager step = m.newSubManager()) {
                    FreedMemory.poison(step, 32L * 16 * 8 * 8);
                    NDArray y = Convolution.unguarded(x, w, null, one, one, one);
                    y.attach(step);
                    forward += y.isNaN().any().getBoolean() ? 1 : 0;
                    NDArray leaf = x.duplicate();
                    leaf.attach(step);
                    leaf.setRequiresGradient(true);
                    try (GradientRecording rec = GradientRecording.start()) {
                        NDArray out = Convolution.unguarded(leaf, w, null, one, one, one);
                        FreedMemory.poison(step, 32L * 16 * 8 * 8);
                        rec.backward(out.sum());
                    }
                    backward += leaf.getGradient().isNaN().any().getBoolean() ? 1 : 0;
                }
            }
        }
        String found = String.format("engine convolution gave NaN in %d of %d forward passes (24 input channels) "
                + "and %d of %d input gradients (8 output channels) on NaN-filled memory", forward, TRIES, backward,
                TRIES);
        return CheckResult.pass("engine", "oneDNN padded-channel defect",
                forward + backward == 0 ? "not present: " + found
                        : "present, worked around by genlab's layers (channels padded to whole blocks): " + found);
    }
}
