package dev.genlab.model.diffusion;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.genlab.TestData;
import dev.genlab.data.Image;
import dev.genlab.model.GenerationRequest;
import dev.genlab.model.SamplerSettings;
import dev.genlab.modelstore.ImageShape;
import dev.genlab.modelstore.ModelDirectory;
import dev.genlab.nn.Parameters;
import dev.genlab.sampling.NoiseSchedule;
import dev.genlab.sampling.Prediction;
import dev.genlab.sampling.Samplers;
import dev.genlab.train.TrainingOptions;
import dev.genlab.train.TrainingState;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A tiny UNet on tiny synthetic data: shapes, training mechanics, the denoising loop; not quality. */
class DiffusionTrainingTest {

    @TempDir
    static Path tmp;
    static Path data;
    static NDManager manager;
    static DiffusionTrainer.Result trained;
    static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
    static final SamplerSettings DEFAULTS = new SamplerSettings("ddim", 4, 2.0, 0, false);

    @BeforeAll
    static void setUp() throws Exception {
        data = TestData.fashionLike(tmp.resolve("data"), 160, 40);
        manager = NDManager.newBaseManager();
        trained = train(tmp.resolve("model"), 3, 0, false);
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    static DiffusionTrainer.Result train(Path out, int epochs, long maxSteps, boolean resume) {
        var o = new DiffusionTrainer.Options(new TrainingOptions(data, out, epochs, 32, 2e-3f, 3, resume, 0, maxSteps,
                3, false, "test", "tiny-ddpm"), 8, true, NoiseSchedule.Kind.LINEAR, 100, Prediction.EPSILON, 0.2, 0.9f,
                DEFAULTS);
        return new DiffusionTrainer(QUIET).train(o, manager, null);
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 16, 28, 32})
    void theUNetKeepsTheShapeOfItsInputAtEveryResolution(int size) {
        var config = new DiffusionConfig(new ImageShape(1, size, size), List.of("a", "b"), 8, NoiseSchedule.Kind.LINEAR,
                100, Prediction.EPSILON, DEFAULTS);
        try (NDManager m = manager.newSubManager(); Parameters p = new Parameters(m, 1)) {
            UNet net = new UNet(config, p);
            NDArray x = m.randomNormal(new Shape(2, 1, size, size));
            NDArray out = net.forward(x, m.create(new float[] {3, 97}), m.zeros(new Shape(2, 3)));
            assertThat(out.getShape()).isEqualTo(x.getShape());
        }
    }

    @Test
    void lossFallsAndStaysFinite() {
        List<TrainingState.EpochSummary> e = trained.state().epochs();
        assertThat(e).hasSize(3);
        assertThat(e.get(2).losses().get("mse")).isLessThan(e.get(0).losses().get("mse")).isFinite();
    }

    @Test
    void resumedRunEqualsAnUninterruptedOne() {
        var straight = train(tmp.resolve("straight"), 2, 0, false);
        train(tmp.resolve("resumed"), 2, 3, false);
        var resumed = train(tmp.resolve("resumed"), 2, 0, true);
        assertThat(resumed.state().epochs()).extracting(TrainingState.EpochSummary::losses)
                .isEqualTo(straight.state().epochs().stream().map(TrainingState.EpochSummary::losses).toList());
    }

    @Test
    void savedModelLoadsToIdenticalImagesAndSettingsMatter() {
        ModelDirectory dir = ModelDirectory.open(trained.modelDir());
        GenerationRequest req = new GenerationRequest(new long[] {1, 2}, 3, 1.0);
        try (DiffusionModel a = DiffusionModel.load(dir, manager); DiffusionModel b = DiffusionModel.load(dir, manager)) {
            assertThat(a.defaultSampler()).isEqualTo(DEFAULTS);
            List<Image> ia = a.generate(req).stream().map(s -> s.image()).toList();
            assertThat(b.generate(req).stream().map(s -> s.image()).toList()).isEqualTo(ia);
            assertThat(ia.get(0)).isNotEqualTo(ia.get(1));
            Image other = a.generate(new GenerationRequest(new long[] {1}, 3, 1.0,
                    new SamplerSettings("ddim", 4, 5.0, 0, false))).get(0).image();
            assertThat(other).as("guidance scale changes the image").isNotEqualTo(ia.get(0));
            List<Integer> calls = new ArrayList<>();
            a.generate(new GenerationRequest(new long[] {1}, null, 1.0, new SamplerSettings("heun", 3, 1, 0, true)),
                    (i, images) -> calls.add(i));
            assertThat(calls).containsExactly(0, 1, 2, 3, 4);
        }
    }

    @Test
    void theCommandLineRecordsTheSamplerAndReproducesTheImage() throws Exception {
        Path out = tmp.resolve("cli");
        var r = dev.genlab.TestCli.run("generate", trained.modelDir().toString(), "--n", "2", "--seed", "5",
                "--sampler", "euler", "--steps", "3", "--cfg", "2.5", "--class", "2", "--show-steps", "--out",
                out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        Path png = out.resolve("tiny-ddpm-000005.png");
        assertThat(out.resolve("tiny-ddpm-000005-steps.png")).isNotEmptyFile();
        var info = dev.genlab.TestCli.run("info", png.toString());
        assertThat(info.out()).contains("Steps: 3, Sampler: Euler, CFG scale: 2.5");
        var again = dev.genlab.TestCli.run("generate", trained.modelDir().toString(), "--from", png.toString(), "--out",
                tmp.resolve("cli-again").toString());
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(java.nio.file.Files.readAllBytes(tmp.resolve("cli-again/tiny-ddpm-000005.png")))
                .isEqualTo(java.nio.file.Files.readAllBytes(png));
        var bad = dev.genlab.TestCli.run("generate", trained.modelDir().toString(), "--steps", "101", "--out",
                tmp.resolve("cli-bad").toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--steps must be between 1 and 100");
    }

    @Test
    void everySamplerRunsOnTheModel() {
        try (DiffusionModel m = DiffusionModel.load(ModelDirectory.open(trained.modelDir()), manager)) {
            for (String s : Samplers.NAMES) {
                Image im = m.generate(new GenerationRequest(new long[] {4}, 1, 1.0,
                        new SamplerSettings(s, 3, 2.0, 0.5, true))).get(0).image();
                for (float v : im.pixels()) {
                    assertThat(v).as(s).isBetween(0f, 1f);
                }
            }
        }
    }
}
