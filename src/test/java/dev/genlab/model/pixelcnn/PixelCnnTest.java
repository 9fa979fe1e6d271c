package dev.genlab.model.pixelcnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.genlab.TestData;
import dev.genlab.core.SeededRandom;
import dev.genlab.core.UsageException;
import dev.genlab.data.Image;
import dev.genlab.data.png.PngWriter;
import dev.genlab.model.GenerationRequest;
import dev.genlab.modelstore.ImageShape;
import dev.genlab.modelstore.ModelDirectory;
import dev.genlab.nn.MaskedConv2d;
import dev.genlab.nn.Parameters;
import dev.genlab.nn.autoregressive.RasterSampler;
import dev.genlab.train.TrainingOptions;
import dev.genlab.train.TrainingState;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PixelCnnTest {

    @TempDir
    static Path tmp;
    static NDManager manager;
    static PixelCnnTrainer.Result trained;
    static final int H = 10;
    static final int W = 9;

    @BeforeAll
    static void setUp() throws Exception {
        manager = NDManager.newBaseManager();
        Path data = TestData.fashionLike(tmp.resolve("data"), 96, 32);
        var o = new PixelCnnTrainer.Options(new TrainingOptions(data, tmp.resolve("model"), 3, 32, 3e-3f, 1, false, 0, 0,
                100, false, "test", "tiny-pixelcnn"), 8, 3, 16, true, 16);
        trained = new PixelCnnTrainer(new PrintStream(OutputStream.nullOutputStream())).train(o, manager);
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    /** Dense and dilated stacks: both must keep the raster order. */
    static final List<List<Integer>> DILATIONS = List.of(List.of(1), List.of(2, 3));

    static PixelCnnNetwork tinyNetwork(Parameters p) {
        return tinyNetwork(p, List.of(1));
    }

    static PixelCnnNetwork tinyNetwork(Parameters p, List<Integer> dilations) {
        return new PixelCnnNetwork(new PixelCnnConfig(new ImageShape(1, H, W), List.of("a", "b"), 8, 3, 16,
                dilations), p);
    }

    static float[] logits(PixelCnnNetwork net, NDManager m, float[] x) {
        return net.forward(m.create(x, new Shape(1, 1, H, W)), net.oneHot(m, new int[] {1})).toFloatArray();
    }

    @Test
    void theMasksCoverTheRightHalves() {
        assertThat(MaskedConv2d.upToCentreRow(3)).containsExactly(1, 1, 1, 1, 1, 1, 0, 0, 0);
        assertThat(MaskedConv2d.leftOfCentre(5, false)).containsExactly(1, 1, 0, 0, 0);
        assertThat(MaskedConv2d.leftOfCentre(5, true)).containsExactly(1, 1, 1, 0, 0);
    }

    /** Changing pixel p changes no logit at a position ≤ p in raster order, and some logits after it. */
    @Test
    void aPixelsLogitsDependOnlyOnThePixelsBeforeIt() {
        for (List<Integer> dilations : DILATIONS) {
            try (NDManager m = manager.newSubManager(); Parameters p = new Parameters(m, 3)) {
                PixelCnnNetwork net = tinyNetwork(p, dilations);
                float[] x = new float[H * W];
                SeededRandom r = new SeededRandom(1);
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) r.nextDouble();
                }
                float[] base = logits(net, m, x);
                int plane = H * W;
                for (int pixel : new int[] {0, 13, 40, 44, H * W - 1}) {
                    float[] changed = x.clone();
                    changed[pixel] = 1 - changed[pixel];
                    float[] out = logits(net, m, changed);
                    boolean later = false;
                    for (int q = 0; q < plane; q++) {
                        double diff = 0;
                        for (int k = 0; k < PixelCnnConfig.LEVELS; k++) {
                            diff = Math.max(diff, Math.abs(out[k * plane + q] - base[k * plane + q]));
                        }
                        if (q <= pixel) {
                            assertThat(diff).as("logits at %d after changing pixel %d", q, pixel).isZero();
                        } else if (diff > 0) {
                            later = true;
                        }
                    }
                    assertThat(later || pixel == plane - 1).as("pixel %d influences later ones", pixel).isTrue();
                }
            }
        }
    }

    /** Three dense layers see 6 rows up; dilated 2 and 3 they see 9 (3 + 2 + 3, and the shift of one row). */
    @Test
    void dilatedLayersSeeFurtherUp() {
        int plane = H * W;
        int target = 9 * W + 4;
        double[] reach = new double[2];
        for (int d = 0; d < 2; d++) {
            try (NDManager m = manager.newSubManager(); Parameters p = new Parameters(m, 6)) {
                PixelCnnNetwork net = tinyNetwork(p, DILATIONS.get(d));
                float[] x = new float[plane];
                float[] base = logits(net, m, x);
                x[4] = 1; // row 0, column 4: nine rows above the target
                float[] out = logits(net, m, x);
                for (int k = 0; k < PixelCnnConfig.LEVELS; k++) {
                    reach[d] = Math.max(reach[d], Math.abs(out[k * plane + target] - base[k * plane + target]));
                }
            }
        }
        assertThat(reach[0]).as("dense").isZero();
        assertThat(reach[1]).as("dilated").isPositive();
    }

    /** A single masked stack has a blind spot above and to the right; the two stacks together do not. */
    @Test
    void noBlindSpotAboveToTheRight() {
        for (List<Integer> dilations : DILATIONS) {
            try (NDManager m = manager.newSubManager(); Parameters p = new Parameters(m, 4)) {
                PixelCnnNetwork net = tinyNetwork(p, dilations);
                float[] x = new float[H * W];
                float[] base = logits(net, m, x);
                int plane = H * W;
                int target = 6 * W + 2;
                for (int[] rc : new int[][] {{5, 3}, {5, 4}, {5, 5}, {4, 6}, {6, 1}}) {
                    float[] changed = x.clone();
                    changed[rc[0] * W + rc[1]] = 1;
                    float[] out = logits(net, m, changed);
                    double diff = 0;
                    for (int k = 0; k < PixelCnnConfig.LEVELS; k++) {
                        diff = Math.max(diff, Math.abs(out[k * plane + target] - base[k * plane + target]));
                    }
                    assertThat(diff).as("pixel (6,2) sees (%d,%d)", rc[0], rc[1]).isPositive();
                }
            }
        }
    }

    @Test
    void runningOnTheRowsSoFarGivesTheLogitsOfTheWholeImage() {
        for (List<Integer> dilations : DILATIONS) {
            try (NDManager m = manager.newSubManager(); Parameters p = new Parameters(m, 5)) {
                PixelCnnNetwork net = tinyNetwork(p, dilations);
                NDArray x = m.randomUniform(0, 1, new Shape(2, 1, H, W));
                NDArray hot = net.oneHot(m, new int[] {0, 1});
                NDArray full = net.forward(x, hot);
                for (int row : new int[] {0, 4, H - 1}) {
                    NDArray crop = x.get(new NDIndex().addAllDim().addAllDim().addSliceDim(0, row + 1));
                    float[] a = net.forward(crop, hot).get(new NDIndex().addAllDim().addAllDim().addIndices(row))
                            .toFloatArray();
                    float[] b = full.get(new NDIndex().addAllDim().addAllDim().addIndices(row)).toFloatArray();
                    for (int i = 0; i < a.length; i++) {
                        assertThat(a[i]).isCloseTo(b[i], org.assertj.core.data.Offset.offset(1e-4f));
                    }
                }
            }
        }
    }

    @Test
    void rasterSamplingGivesTheLogitsOfTheWholeNetworkAtEveryPosition() {
        for (List<String> classes : List.of(List.of("a", "b"), List.<String>of())) {
            for (List<Integer> dilations : DILATIONS) {
                rasterSamplingMatches(classes, dilations);
            }
        }
    }

    private static void rasterSamplingMatches(List<String> classes, List<Integer> dilations) {
        try (NDManager m = manager.newSubManager(); Parameters p = new Parameters(m, 7)) {
            PixelCnnNetwork net = new PixelCnnNetwork(new PixelCnnConfig(new ImageShape(1, H, W), classes, 8, 3, 16,
                    dilations), p);
            NDArray x = net.input(m.randomUniform(0, 1, new Shape(2, 1, H, W)));
            NDArray hot = net.oneHot(m, new int[] {0, 1}); // null when unconditional
            NDArray full = net.stackLogits(x, hot);
            RasterSampler sampler = net.sampler(hot);
            for (int row = 0; row < H; row++) {
                try (NDManager rm = m.newSubManager()) {
                    if (row == 0) {
                        sampler.startFirstRow(rm, 2, W);
                    } else {
                        sampler.startRow(x.get(new NDIndex().addAllDim().addAllDim().addSliceDim(0, row)));
                    }
                    for (int col = 0; col < W; col++) {
                        NDArray upTo = x.get(new NDIndex().addAllDim().addAllDim().addSliceDim(row, row + 1)
                                .addSliceDim(0, col + 1));
                        float[] a = sampler.logitsAt(upTo).toFloatArray();
                        float[] b = full.get(new NDIndex().addAllDim().addAllDim().addIndices(row).addIndices(col))
                                .toFloatArray();
                        assertThat(a).hasSameSizeAs(b);
                        for (int i = 0; i < a.length; i++) {
                            assertThat(a[i]).as("row %d col %d", row, col)
                                    .isCloseTo(b[i], org.assertj.core.data.Offset.offset(1e-4f));
                        }
                    }
                }
            }
        }
    }

    @Test
    void likelihoodFallsAndTheModelCardHasBitsPerDim() throws Exception {
        List<TrainingState.EpochSummary> e = trained.state().epochs();
        assertThat(e.get(2).losses().get("bits_per_dim")).isLessThan(e.get(0).losses().get("bits_per_dim"));
        assertThat(trained.testBitsPerDim()).isBetween(0.0, 8.0);
        ModelDirectory dir = ModelDirectory.open(trained.modelDir());
        assertThat(dir.manifest().metrics().get("test_bits_per_dim")).isEqualTo(trained.testBitsPerDim());
        assertThat(Files.readString(dir.path().resolve(ModelDirectory.CARD))).contains("bits");
    }

    @Test
    void savedModelLoadsToTheSameLikelihoodAndSamples() {
        ModelDirectory dir = ModelDirectory.open(trained.modelDir());
        var data = dev.genlab.data.Datasets.load(tmp.resolve("data"), 1, 28, 28).test();
        try (PixelCnnModel a = PixelCnnModel.load(dir, manager); PixelCnnModel b = PixelCnnModel.load(dir, manager)) {
            assertThat(a.bitsPerDim(data, 16, 8)).isEqualTo(b.bitsPerDim(data, 16, 8))
                    .isCloseTo(trained.testBitsPerDim(), org.assertj.core.data.Offset.offset(1e-5));
            GenerationRequest req = new GenerationRequest(new long[] {1, 2}, 0, 1.0);
            List<Image> ia = a.generate(req).stream().map(s -> s.image()).toList();
            assertThat(b.generate(req).stream().map(s -> s.image()).toList()).isEqualTo(ia);
            assertThat(ia.get(0)).isNotEqualTo(ia.get(1));
            assertThat(a.generate(new GenerationRequest(new long[] {1}, 0, 0.5)).get(0).image())
                    .as("temperature changes the draw").isNotEqualTo(ia.get(0));
        }
    }

    @Test
    void completionKeepsTheTopRowsAndChecksItsSettings() throws Exception {
        ModelDirectory dir = ModelDirectory.open(trained.modelDir());
        int h = dir.manifest().image().height();
        int w = dir.manifest().image().width();
        float[] px = new float[h * w];
        for (int i = 0; i < px.length; i++) {
            px[i] = (i % 7) / 6f;
        }
        Path init = tmp.resolve("init.png");
        Files.write(init, PngWriter.encode(new Image(1, h, w, px), List.of()));
        try (PixelCnnModel m = PixelCnnModel.load(dir, manager)) {
            Image done = m.generate(new GenerationRequest(new long[] {3}, 1, 1.0, null,
                    Map.of("init", init.toString(), "keep_rows", "20"))).get(0).image();
            for (int i = 0; i < 20 * w; i++) {
                assertThat(done.pixels()[i]).isEqualTo(Image.toByte(px[i]) / 255f);
            }
            assertThatThrownBy(() -> m.resolveOptions(Map.of("init", init.toString(), "keep_rows", String.valueOf(h))))
                    .isInstanceOf(UsageException.class).hasMessageContaining("--keep-rows must be between 0 and 27");
            assertThatThrownBy(() -> m.resolveOptions(Map.of("keep_rows", "3"))).hasMessageContaining("needs --init");
            assertThatThrownBy(() -> m.resolveOptions(Map.of("init", tmp.resolve("nope.png").toString())))
                    .hasMessageContaining("not found");
        }
    }
}
