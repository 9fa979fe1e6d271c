package dev.genlab.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.genlab.core.SeededRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LayersTest {

    static NDManager manager;

    @BeforeAll
    static void start() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    @Test
    void theEngineKernelsGiveWhatTheWrittenOutFormsGive() {
        try (Parameters p = new Parameters(manager, 0)) {
            GroupNorm written = new GroupNorm(p, "a", 4, 8, 1e-6f);
            GroupNorm engine = GroupNorm.withEngineKernel(p, "b", 4, 8, 1e-6f);
            Parameters.replaceValues(p.all().get("a.weight"), new SeededRandom(3).gaussians(8));
            Parameters.replaceValues(p.all().get("b.weight"), p.all().get("a.weight").toFloatArray());
            Parameters.replaceValues(p.all().get("a.bias"), new SeededRandom(4).gaussians(8));
            Parameters.replaceValues(p.all().get("b.bias"), p.all().get("a.bias").toFloatArray());
            NDArray x = p.manager().create(new SeededRandom(5).gaussians(3 * 8 * 5 * 7), new Shape(3, 8, 5, 7)).mul(3f);
            float[] a = written.forward(x).toFloatArray();
            float[] b = engine.forward(x).toFloatArray();
            for (int i = 0; i < a.length; i++) {
                assertThat(b[i]).isCloseTo(a[i], Offset.offset(2e-5f));
            }
            assertThat(Tensors.upsample2xNearest(x).toFloatArray()).containsExactly(Tensors.upsample2x(x).toFloatArray());
        }
    }

    @Test
    void aLinearLayerComputedAsAConvolutionGivesTheMatrixProduct() {
        // widths that are and are not whole channel blocks, a row count that is not, 2-D and 3-D inputs, and
        // enough rows for the channels-last layout (narrowing) and the matrix product (widening)
        long[][] shapes = {{5, 24}, {2, 7, 16}, {3, 77, 40}, {2, 550, 40}};
        int[] outs = {3, 32, 48};
        for (long[] shape : shapes) {
            for (int out : outs) {
                for (boolean withBias : new boolean[] {true, false}) {
                    long in = shape[shape.length - 1];
                    try (NDManager m = manager.newSubManager()) {
                        int rows = (int) (new Shape(shape).size() / in);
                        float[] xs = new SeededRandom(6).gaussians((int) (rows * in));
                        float[] ws = new SeededRandom(7).gaussians((int) (out * in));
                        float[] bs = new SeededRandom(8).gaussians(out);
                        NDArray x = m.create(xs, new Shape(shape));
                        NDArray w = m.create(ws, new Shape(out, in));
                        NDArray y = Convolution.linear(x, w, withBias ? m.create(bs) : null);
                        long[] expectedShape = shape.clone();
                        expectedShape[shape.length - 1] = out;
                        assertThat(y.getShape()).isEqualTo(new Shape(expectedShape));
                        float[] got = y.toFloatArray();
                        for (int r = 0; r < rows; r++) {
                            for (int o = 0; o < out; o++) {
                                double sum = withBias ? bs[o] : 0;
                                for (int i = 0; i < in; i++) {
                                    sum += (double) xs[(int) (r * in + i)] * ws[(int) (o * in + i)];
                                }
                                assertThat(got[r * out + o]).as("row %d, output %d of %s -> %d", r, o,
                                        new Shape(shape), out).isCloseTo((float) sum, Offset.offset(1e-4f));
                            }
                        }
                        // the operands are untouched and still usable (their shapes too: DJL's Shape hands out
                        // its own array)
                        assertThat(x.getShape()).isEqualTo(new Shape(shape));
                        assertThat(x.toFloatArray()).containsExactly(xs);
                        assertThat(w.toFloatArray()).containsExactly(ws);
                    }
                }
            }
        }
    }

    @Test
    void aConvolutionInBandsOfRowsGivesTheWholeConvolutionsValuesBitForBit() {
        try (Parameters p = new Parameters(manager, 0)) {
            for (int kernel : new int[] {1, 3}) {
                Conv2d conv = Conv2d.same(p, "c" + kernel, 20, 24, kernel);
                NDArray x = p.manager().create(new SeededRandom(kernel).gaussians(2 * 20 * 37 * 29),
                        new Shape(2, 20, 37, 29));
                for (int upscale : new int[] {1, 2}) {
                    NDArray input = upscale == 2 ? Tensors.upsample2xNearest(x) : x;
                    float[] whole = conv.forward(input).toFloatArray();
                    long rowBytes = 2L * 24 * 29 * upscale * 4;
                    // one row a band, a few rows (odd, so bands start on odd upsampled rows), all rows in one band
                    for (long rows : new long[] {1, 5, 1000}) {
                        NDArray banded = conv.forwardInBands(x, upscale, rows * rowBytes);
                        assertThat(banded.getShape()).isEqualTo(input.getShape().slice(0, 1).addAll(
                                new Shape(24, input.getShape().get(2), input.getShape().get(3))));
                        assertThat(banded.toFloatArray()).as("kernel %d, upscale %d, %d rows a band", kernel, upscale,
                                rows).containsExactly(whole);
                    }
                }
            }
        }
    }

    @Test
    void groupNormMatchesAHandComputation() {
        try (Parameters p = new Parameters(manager, 0)) {
            GroupNorm gn = new GroupNorm(p, "gn", 2, 4);
            float[] x = new SeededRandom(1).gaussians(2 * 4 * 3 * 3);
            float[] y = gn.forward(p.manager().create(x, new Shape(2, 4, 3, 3))).toFloatArray();
            // group g of sample b = channels 2g, 2g+1: 18 values
            for (int b = 0; b < 2; b++) {
                for (int g = 0; g < 2; g++) {
                    int from = b * 36 + g * 18;
                    double mean = 0;
                    for (int i = 0; i < 18; i++) {
                        mean += x[from + i];
                    }
                    mean /= 18;
                    double var = 0;
                    for (int i = 0; i < 18; i++) {
                        var += (x[from + i] - mean) * (x[from + i] - mean);
                    }
                    var /= 18;
                    for (int i = 0; i < 18; i++) {
                        double expected = (x[from + i] - mean) / Math.sqrt(var + 1e-5);
                        assertThat((double) y[from + i]).isCloseTo(expected, Offset.offset(1e-5));
                    }
                }
            }
        }
    }

    @Test
    void groupNormDoesNotDependOnTheRestOfTheBatch() {
        try (Parameters p = new Parameters(manager, 0)) {
            GroupNorm gn = GroupNorm.of(p, "gn", 8);
            float[] x = new SeededRandom(2).gaussians(3 * 8 * 4 * 4);
            NDArray all = gn.forward(p.manager().create(x, new Shape(3, 8, 4, 4)));
            NDArray first = gn.forward(p.manager().create(java.util.Arrays.copyOf(x, 128), new Shape(1, 8, 4, 4)));
            float[] a = all.toFloatArray();
            float[] f = first.toFloatArray();
            for (int i = 0; i < 128; i++) {
                assertThat(f[i]).isCloseTo(a[i], Offset.offset(1e-6f));
            }
        }
    }

    @Test
    void upsampleRepeatsEachPixelIntoATwoByTwoBlock() {
        NDArray x = manager.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
        NDArray y = Tensors.upsample2x(x);
        assertThat(y.getShape()).isEqualTo(new Shape(1, 1, 4, 4));
        assertThat(y.toFloatArray()).containsExactly(1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4);
    }

    @Test
    void convAndLinearFollowPytorchShapesAndInitialisation() {
        try (Parameters p = new Parameters(manager, 5)) {
            Conv2d down = new Conv2d(p, "down", 3, 8, 3, 2, 1);
            Linear lin = new Linear(p, "lin", 10, 4);
            assertThat(down.forward(p.manager().zeros(new Shape(2, 3, 28, 28))).getShape())
                    .isEqualTo(new Shape(2, 8, 14, 14));
            assertThat(lin.forward(p.manager().zeros(new Shape(5, 10))).getShape()).isEqualTo(new Shape(5, 4));
            assertThat(p.all().keySet()).containsExactly("down.weight", "down.bias", "lin.weight", "lin.bias");
            float bound = (float) (1 / Math.sqrt(27));
            for (float v : p.all().get("down.weight").toFloatArray()) {
                assertThat(Math.abs(v)).isLessThanOrEqualTo(bound);
            }
            assertThat(p.count()).isEqualTo(8 * 27 + 8 + 40 + 4);
        }
    }

    @Test
    void sameSeedSameInitialisation() {
        try (Parameters a = new Parameters(manager, 9); Parameters b = new Parameters(manager, 9)) {
            new Linear(a, "l", 6, 6);
            new Linear(b, "l", 6, 6);
            assertThat(a.all().get("l.weight").toFloatArray()).containsExactly(b.all().get("l.weight").toFloatArray());
        }
    }
}
