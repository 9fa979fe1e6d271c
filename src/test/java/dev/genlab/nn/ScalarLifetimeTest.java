package dev.genlab.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * DJL's {@code x.mul(2f)} turns the number into a tensor over a Java direct buffer and closes it at once,
 * while autograd keeps that tensor for the backward pass; once the garbage collector has freed the buffer,
 * the backward pass reads whatever the memory holds now. This was the cause of the diffusion model's
 * irreproducible training (issue #5). {@link Tensors#scale} makes the scalar in libtorch's memory.
 */
class ScalarLifetimeTest {

    /** d(sum(f(x)))/dx after the garbage collector has run and freed memory has been refilled with NaN. */
    static float[] gradientAfterGc(UnaryOperator<NDArray> f) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.ones(new Shape(64));
            x.setRequiresGradient(true);
            try (GradientRecording gc = GradientRecording.start()) {
                NDArray y = f.apply(x).sum();
                System.gc();
                List<ByteBuffer> litter = new ArrayList<>();
                for (int i = 0; i < 2000; i++) { // take back the freed blocks and fill them with NaN
                    ByteBuffer b = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
                    b.putFloat(0, Float.NaN);
                    litter.add(b);
                }
                gc.backward(y);
            }
            return x.getGradient().toFloatArray();
        }
    }

    @Test
    void aScaledTensorsGradientSurvivesTheGarbageCollector() {
        for (int round = 0; round < 20; round++) {
            assertThat(gradientAfterGc(x -> Tensors.scale(x, 3))).containsOnly(3f);
        }
    }
}
