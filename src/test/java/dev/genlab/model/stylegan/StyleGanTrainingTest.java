package dev.genlab.model.stylegan;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.genlab.TestData;
import dev.genlab.data.Image;
import dev.genlab.model.GenerationRequest;
import dev.genlab.modelstore.ModelDirectory;
import dev.genlab.train.TrainingOptions;
import dev.genlab.train.TrainingState;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny StyleGAN2 on tiny data: finite losses, R1 and ADA running, exact resume, save → load. */
class StyleGanTrainingTest {

    @TempDir
    static Path tmp;
    static Path data;
    static NDManager manager;
    static StyleGanTrainer.Result trained;

    @BeforeAll
    static void setUp() throws Exception {
        data = TestData.fashionLike(tmp.resolve("data"), 64, 16);
        manager = NDManager.newBaseManager();
        trained = train(tmp.resolve("model"), 2, 0, false);
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    static StyleGanTrainer.Result train(Path out, int epochs, long maxSteps, boolean resume) {
        var o = new StyleGanTrainer.Options(new TrainingOptions(data, out, epochs, 16, 2e-3f, 5, resume, 0, maxSteps,
                100, false, "test", "tiny-stylegan"), 8, 8, 2, 8, true, 0.9f, true, 1.0, 2, 2e-4f);
        return new StyleGanTrainer(new PrintStream(OutputStream.nullOutputStream())).train(o, manager, null);
    }

    @Test
    void lossesStayFiniteWithR1AndAdaRunning() {
        List<TrainingState.EpochSummary> e = trained.state().epochs();
        assertThat(e).hasSize(2);
        Map<String, Double> last = e.get(1).losses();
        assertThat(last.get("loss_d")).isFinite();
        assertThat(last.get("loss_g")).isFinite();
        assertThat(last.get("r1")).as("the lazy R1 penalty ran").isPositive().isFinite();
        assertThat(last).containsKey("ada_p");
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
    void savedModelLoadsToIdenticalImages() {
        ModelDirectory dir = ModelDirectory.open(trained.modelDir());
        GenerationRequest req = new GenerationRequest(new long[] {1, 2}, 3, 1.0, null, Map.of("truncation", "0.7"));
        try (StyleGanModel a = StyleGanModel.load(dir, manager); StyleGanModel b = StyleGanModel.load(dir, manager)) {
            List<Image> ia = a.generate(req).stream().map(s -> s.image()).toList();
            assertThat(b.generate(req).stream().map(s -> s.image()).toList()).isEqualTo(ia);
            assertThat(ia.get(0).width()).isEqualTo(28);
            assertThat(ia.get(0)).isNotEqualTo(ia.get(1));
        }
    }

    @Test
    void walksInZAndWEndAtTheSeedsImages() {
        ModelDirectory dir = ModelDirectory.open(trained.modelDir());
        try (StyleGanModel m = StyleGanModel.load(dir, manager)) {
            Map<String, String> constNoise = Map.of("noise", "const");
            Image a = m.generate(new GenerationRequest(new long[] {5}, 2, 1.0, null, constNoise)).get(0).image();
            Image b = m.generate(new GenerationRequest(new long[] {6}, 4, 1.0, null, constNoise)).get(0).image();
            for (String space : List.of("z", "w")) {
                List<Image> frames = m.interpolate(5, 6, 5, 2, 4, 1.0, space);
                assertThat(frames).hasSize(5);
                assertThat(frames.get(0).pixels()).as(space).containsExactly(a.pixels(), org.assertj.core.data.Offset.offset(1e-4f));
                assertThat(frames.get(4).pixels()).as(space).containsExactly(b.pixels(), org.assertj.core.data.Offset.offset(1e-4f));
                assertThat(frames.get(2)).isNotEqualTo(frames.get(0));
            }
            assertThat(m.interpolate(5, 6, 5, 2, 4, 1.0, "w").get(2)).as("the two walks differ in between")
                    .isNotEqualTo(m.interpolate(5, 6, 5, 2, 4, 1.0, "z").get(2));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> m.interpolate(5, 6, 5, 2, 4, 1.0, "x"))
                    .hasMessageContaining("--space must be z or w");
        }
    }
}
