package dev.genlab.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.genlab.core.SeededRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class ModulatedConv2dTest {

    static NDArray random(NDManager m, long seed, Shape shape) {
        return m.create(new SeededRandom(seed).gaussians(Math.toIntExact(shape.size())), shape);
    }

    @Test
    void unitStylesWithoutDemodulationAreAPlainConvolution() {
        try (NDManager m = NDManager.newBaseManager(); Parameters p = new Parameters(m, 3)) {
            ModulatedConv2d conv = new ModulatedConv2d(p, "c", 4, 5, 3, 8, false);
            NDArray x = random(m, 1, new Shape(2, 4, 6, 6));
            NDArray mine = conv.forwardStyles(x, m.ones(new Shape(2, 4)));
            NDArray w = p.all().get("c.weight").mul((float) (1 / Math.sqrt(4 * 9)));
            NDArray plain = ai.djl.nn.convolutional.Conv2d.conv2d(x, w, p.all().get("c.bias"), new Shape(1, 1),
                    new Shape(1, 1)).singletonOrThrow();
            assertThat(mine.toFloatArray()).containsExactly(plain.toFloatArray(), Offset.offset(1e-5f));
        }
    }

    @Test
    void theGroupedBatchEqualsEachSampleWithItsOwnDemodulatedWeight() {
        try (NDManager m = NDManager.newBaseManager(); Parameters p = new Parameters(m, 4)) {
            ModulatedConv2d conv = new ModulatedConv2d(p, "c", 3, 2, 3, 8, true);
            NDArray x = random(m, 2, new Shape(3, 3, 5, 5));
            NDArray styles = random(m, 3, new Shape(3, 3));
            float[] batch = conv.forwardStyles(x, styles).toFloatArray();
            float[] w = p.all().get("c.weight").toFloatArray();
            float gain = (float) (1 / Math.sqrt(3 * 9));
            int per = 2 * 5 * 5;
            for (int i = 0; i < 3; i++) {
                float[] s = styles.get(i).toFloatArray();
                float[] wi = new float[w.length];
                for (int o = 0; o < 2; o++) {
                    double norm = 0;
                    for (int c = 0; c < 3; c++) {
                        for (int k = 0; k < 9; k++) {
                            int idx = (o * 3 + c) * 9 + k;
                            wi[idx] = w[idx] * gain * s[c];
                            norm += wi[idx] * wi[idx];
                        }
                    }
                    for (int k = 0; k < 27; k++) {
                        wi[o * 27 + k] = (float) (wi[o * 27 + k] / Math.sqrt(norm + 1e-8));
                    }
                }
                NDArray alone = ai.djl.nn.convolutional.Conv2d.conv2d(x.get(i).expandDims(0),
                        m.create(wi, new Shape(2, 3, 3, 3)), m.zeros(new Shape(2)), new Shape(1, 1), new Shape(1, 1))
                        .singletonOrThrow();
                float[] expected = alone.toFloatArray();
                for (int k = 0; k < per; k++) {
                    assertThat(batch[i * per + k]).isCloseTo(expected[k], Offset.offset(1e-4f));
                }
            }
        }
    }

    @Test
    void demodulationGivesUnitVarianceOutputsForUnitVarianceInputs() {
        try (NDManager m = NDManager.newBaseManager(); Parameters p = new Parameters(m, 5)) {
            ModulatedConv2d conv = new ModulatedConv2d(p, "c", 64, 8, 3, 8, true);
            NDArray x = random(m, 6, new Shape(1, 64, 32, 32));
            NDArray y = conv.forwardStyles(x, random(m, 7, new Shape(1, 64)).mul(3f)).get(":, :, 1:-1, 1:-1");
            double var = y.square().mean().getFloat();
            assertThat(var).isCloseTo(1.0, Offset.offset(0.15));
        }
    }
}
