package dev.genlab.model.flow;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.genlab.TestData;
import dev.genlab.core.SeededRandom;
import dev.genlab.data.Image;
import dev.genlab.model.GenerationRequest;
import dev.genlab.modelstore.ImageShape;
import dev.genlab.modelstore.ModelDirectory;
import dev.genlab.nn.Parameters;
import dev.genlab.train.TrainingOptions;
import dev.genlab.train.TrainingState;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlowTest {

    @TempDir
    static Path tmp;
    static NDManager manager;
    static FlowTrainer.Result trained;
    static Path data;

    @BeforeAll
    static void setUp() throws Exception {
        manager = NDManager.newBaseManager();
        data = TestData.fashionLike(tmp.resolve("data"), 96, 32);
        var o = new FlowTrainer.Options(new TrainingOptions(data, tmp.resolve("model"), 3, 32, 2e-3f, 1, false, 0, 0, 100,
                false, "test", "tiny-flow"), 2, 2, 8, 32);
        trained = new FlowTrainer(new PrintStream(OutputStream.nullOutputStream())).train(o, manager);
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    /** Every parameter moved off its identity start, so the maps under test are not trivial. */
    static void perturb(Parameters p, long seed) {
        SeededRandom r = new SeededRandom(seed);
        p.all().values().forEach(a -> {
            float[] v = a.toFloatArray();
            for (int i = 0; i < v.length; i++) {
                v[i] += (float) (0.1 * r.nextGaussian());
            }
            Parameters.replaceValues(a, v);
        });
    }

    @Test
    void squeezeAndUnsqueezeAreInverses() {
        try (NDManager m = manager.newSubManager()) {
            NDArray x = m.randomNormal(new Shape(2, 3, 4, 6));
            NDArray s = FlowNetwork.squeeze(x);
            assertThat(s.getShape()).isEqualTo(new Shape(2, 12, 2, 3));
            assertThat(FlowNetwork.unsqueeze(s).toFloatArray()).containsExactly(x.toFloatArray());
        }
    }

    @Test
    void theHostInverseInvertsAMatrix() {
        float[] w = {2, 1, 0, 1, 3, 1, 0, 1, 4};
        float[] inv = InvertibleConv1x1.invert(w, 3);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double s = 0;
                for (int k = 0; k < 3; k++) {
                    s += w[i * 3 + k] * inv[k * 3 + j];
                }
                assertThat(s).isCloseTo(i == j ? 1 : 0, Offset.offset(1e-6));
            }
        }
    }

    @Test
    void theInverseReallyIsTheInverse() {
        try (NDManager m = manager.newSubManager(); Parameters p = new Parameters(m, 2)) {
            FlowNetwork net = new FlowNetwork(new FlowConfig(new ImageShape(1, 8, 8), 2, 3, 8), p);
            perturb(p, 9);
            NDArray y = m.randomNormal(new Shape(3, 1, 8, 8));
            NDArray back = net.decode(net.encode(y).latents());
            float[] a = y.toFloatArray();
            float[] b = back.toFloatArray();
            for (int i = 0; i < a.length; i++) {
                assertThat(b[i]).isCloseTo(a[i], Offset.offset(1e-4f));
            }
        }
    }

    @Test
    void theLogDeterminantMatchesANumericalJacobian() {
        try (NDManager m = manager.newSubManager(); Parameters p = new Parameters(m, 3)) {
            FlowNetwork net = new FlowNetwork(new FlowConfig(new ImageShape(1, 4, 4), 1, 2, 4), p);
            perturb(p, 11);
            int d = 16;
            float[] x = new SeededRandom(5).gaussians(d);
            double logDet = net.encode(m.create(x, new Shape(1, 1, 4, 4))).logDet().toFloatArray()[0];
            double eps = 1e-2;
            double[][] jac = new double[d][d];
            for (int j = 0; j < d; j++) {
                float[] plus = x.clone();
                float[] minus = x.clone();
                plus[j] += (float) eps;
                minus[j] -= (float) eps;
                float[] zp = flat(net, m, plus);
                float[] zm = flat(net, m, minus);
                for (int i = 0; i < d; i++) {
                    jac[i][j] = (zp[i] - zm[i]) / (2 * eps);
                }
            }
            assertThat(logDet).isCloseTo(logAbsDet(jac), Offset.offset(2e-3));
            assertThat(Math.abs(logDet)).as("a non-trivial map").isGreaterThan(0.05);
        }
    }

    static float[] flat(FlowNetwork net, NDManager m, float[] x) {
        List<NDArray> zs = net.encode(m.create(x, new Shape(1, 1, 4, 4))).latents();
        return zs.get(0).toFloatArray(); // one level: a single latent of 4×2×2
    }

    static double logAbsDet(double[][] a) {
        int n = a.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = a[i].clone();
        }
        double sum = 0;
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[piv][c])) {
                    piv = r;
                }
            }
            double[] t = m[c];
            m[c] = m[piv];
            m[piv] = t;
            sum += Math.log(Math.abs(m[c][c]));
            for (int r = c + 1; r < n; r++) {
                double f = m[r][c] / m[c][c];
                for (int k = c; k < n; k++) {
                    m[r][k] -= f * m[c][k];
                }
            }
        }
        return sum;
    }

    @Test
    void likelihoodImprovesAndTheSavedModelIsTheSame() {
        List<TrainingState.EpochSummary> e = trained.state().epochs();
        assertThat(e.get(2).losses().get("bits_per_dim")).isLessThan(e.get(0).losses().get("bits_per_dim"));
        ModelDirectory dir = ModelDirectory.open(trained.modelDir());
        assertThat(dir.manifest().metrics().get("test_bits_per_dim")).isEqualTo(trained.testBitsPerDim());
        var test = dev.genlab.data.Datasets.load(data, 1, 28, 28).test();
        try (FlowModel a = FlowModel.load(dir, manager); FlowModel b = FlowModel.load(dir, manager)) {
            assertThat(a.bitsPerDim(test, 32, 200, 1)).isCloseTo(trained.testBitsPerDim(), Offset.offset(1e-5));
            GenerationRequest req = new GenerationRequest(new long[] {1, 2}, null, 0.8);
            List<Image> ia = a.generate(req).stream().map(s -> s.image()).toList();
            assertThat(b.generate(req).stream().map(s -> s.image()).toList()).isEqualTo(ia);
            assertThat(ia.get(0)).isNotEqualTo(ia.get(1));
            // pixels → latents → pixels through the trained model
            float[] px = test.gather(new int[] {0, 1}, 0, 2);
            float[] clamped = new float[px.length];
            for (int i = 0; i < px.length; i++) {
                clamped[i] = Math.min(0.98f, Math.max(0.02f, px[i]));
            }
            float[] back = a.decode(a.encode(clamped, 2), 2);
            for (int i = 0; i < back.length; i++) {
                assertThat(back[i]).isCloseTo(clamped[i], Offset.offset(1e-4f));
            }
        }
    }
}
