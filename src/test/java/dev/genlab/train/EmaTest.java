package dev.genlab.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.genlab.nn.Parameters;
import org.junit.jupiter.api.Test;

class EmaTest {

    @Test
    void everyParameterIsAveragedEvenWhenTwoStartEqual() {
        try (NDManager manager = NDManager.newBaseManager(); Parameters p = new Parameters(manager, 1)) {
            // two zero-initialised biases of one shape: equal as DJL compares arrays
            NDArray a = p.constant("net.a.bias", new Shape(3), 0f);
            NDArray b = p.constant("net.b.bias", new Shape(3), 0f);
            Ema ema = new Ema(p, "net.", "ema.", 0.5f);
            a.addi(2f);
            b.addi(4f);
            ema.update();
            assertThat(p.all().get("ema.net.a.bias").toFloatArray()).containsOnly(1f);
            assertThat(p.all().get("ema.net.b.bias").toFloatArray()).containsOnly(2f);
            ema.update();
            assertThat(p.all().get("ema.net.b.bias").getFloat(0)).isCloseTo(3f, within(1e-6f));
        }
    }
}
