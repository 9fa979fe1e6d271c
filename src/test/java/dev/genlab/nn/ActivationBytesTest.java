package dev.genlab.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class ActivationBytesTest {

    @Test
    void countsEveryArrayAPassMakesPerItemAndFreesThem() {
        try (NDManager parent = NDManager.newBaseManager()) {
            // a pass of two layers: (n, 1000) floats, then (n, 3000) floats from it: 16,000 bytes an item
            long perItem = ActivationBytes.perItem(parent, 4, m -> {
                NDArray x = m.ones(new Shape(4, 1000));
                x.repeat(1, 3);
            });
            assertThat(perItem).isEqualTo(4 * 1000 + 4 * 3000);
            assertThat(parent.getManagedArrays()).isEmpty();
        }
    }
}
