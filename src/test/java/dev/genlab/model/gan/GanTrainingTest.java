package dev.genlab.model.gan;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.genlab.TestData;
import dev.genlab.data.Image;
import dev.genlab.data.safetensors.SafeTensors;
import dev.genlab.model.GenerationRequest;
import dev.genlab.model.Sample;
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

/** Tiny DCGAN, tiny synthetic data, a few steps: the mechanics of the two-player game, not quality. */
class GanTrainingTest {

    @TempDir
    static Path tmp;
    static Path data;
    static NDManager manager;
    static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @BeforeAll
    static void setUp() throws Exception {
        data = TestData.fashionLike(tmp.resolve("data"), 160, 40);
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    static GanTrainer.Result train(Path out, int epochs, long maxSteps, boolean resume) {
        return train(out, epochs, maxSteps, resume, false);
    }

    static GanTrainer.Result train(Path out, int epochs, long maxSteps, boolean resume, boolean ada) {
        var o = new GanTrainer.Options(new TrainingOptions(data, out, epochs, 32, 1e-3f, 7, resume, 0, maxSteps, 3,
                false, "test", "tiny-gan"), 8, 8, true, 0.9f, ada);
        return new GanTrainer(QUIET).train(o, manager, g -> Map.of("probe_images",
                (double) g.generate(new GenerationRequest(new long[] {1, 2}, null, 1.0)).size()));
    }

    @Test
    void bothPlayersLearnAndTheirLossesStayFinite() {
        GanTrainer.Result r = train(tmp.resolve("learn"), 3, 0, false);
        List<TrainingState.EpochSummary> e = r.state().epochs();
        assertThat(e).hasSize(3);
        assertThat(e).allSatisfy(x -> assertThat(x.losses().values()).allSatisfy(v -> assertThat(v).isFinite()));
        assertThat(e.get(0).losses()).containsKeys("loss_d", "loss_g", "d_real", "d_fake");
        // The discriminator learns to tell the easy synthetic data from the untrained generator's output.
        assertThat(e.get(2).losses().get("loss_d")).isLessThan(e.get(0).losses().get("loss_d"));
        assertThat(r.quality()).containsEntry("probe_images", 2.0);
        var dir = ModelDirectory.open(r.modelDir());
        assertThat(dir.manifest().metrics()).containsKey("probe_images");
        // Only the generator's average ships: no discriminator, no optimiser state.
        assertThat(SafeTensors.read(dir.weights()).tensors().keySet()).allMatch(k -> k.startsWith("generator."));
    }

    @Test
    void resumedRunEqualsAnUninterruptedOne() {
        GanTrainer.Result straight = train(tmp.resolve("straight"), 2, 0, false);
        GanTrainer.Result first = train(tmp.resolve("resumed"), 2, 4, false); // stops in epoch 1 (5 steps each)
        assertThat(first.finished()).isFalse();
        GanTrainer.Result resumed = train(tmp.resolve("resumed"), 2, 0, true);
        assertThat(resumed.state().epochs()).extracting(TrainingState.EpochSummary::losses)
                .isEqualTo(straight.state().epochs().stream().map(TrainingState.EpochSummary::losses).toList());
        var a = SafeTensors.read(straight.modelDir().resolve(ModelDirectory.WEIGHTS)).tensors();
        var b = SafeTensors.read(resumed.modelDir().resolve(ModelDirectory.WEIGHTS)).tensors();
        assertThat(b.keySet()).isEqualTo(a.keySet());
        a.forEach((name, t) -> assertThat(b.get(name).data()).as(name).isEqualTo(t.data()));
    }

    @Test
    void withAdaptiveAugmentationPIsLoggedAndResumeStaysExact() {
        GanTrainer.Result straight = train(tmp.resolve("ada-straight"), 2, 0, false, true);
        train(tmp.resolve("ada-resumed"), 2, 7, false, true);
        GanTrainer.Result resumed = train(tmp.resolve("ada-resumed"), 2, 0, true, true);
        assertThat(straight.state().epochs().get(1).losses()).containsKey("ada_p");
        assertThat(resumed.state().epochs()).extracting(TrainingState.EpochSummary::losses)
                .isEqualTo(straight.state().epochs().stream().map(TrainingState.EpochSummary::losses).toList());
        assertThat(ModelDirectory.open(straight.modelDir()).manifest().metrics()).containsKey("final_epoch_ada_p");
    }

    @Test
    void savedModelLoadsToIdenticalOutputsAndSeedsDecide() {
        GanTrainer.Result r = train(tmp.resolve("saved"), 1, 0, false);
        ModelDirectory dir = ModelDirectory.open(r.modelDir());
        GenerationRequest req = new GenerationRequest(new long[] {1, 2, 3}, null, 1.0);
        try (GanModel a = GanModel.load(dir, manager); GanModel b = GanModel.load(dir, manager)) {
            List<Sample> sa = a.generate(req);
            List<Sample> sb = b.generate(req);
            for (int i = 0; i < 3; i++) {
                assertThat(sa.get(i).image().pixels()).containsExactly(sb.get(i).image().pixels());
            }
            assertThat(sa.get(0).image()).isNotEqualTo(sa.get(1).image());
            Image cls2 = a.generate(new GenerationRequest(new long[] {5}, 2, 1.0)).get(0).image();
            Image cls3 = a.generate(new GenerationRequest(new long[] {5}, 3, 1.0)).get(0).image();
            assertThat(cls2).isNotEqualTo(cls3);
            // an image does not depend on the batch it was generated in (pixel norm, not batch norm)
            Image alone = a.generate(new GenerationRequest(new long[] {2}, null, 1.0)).get(0).image();
            assertThat(alone.pixels()).containsExactly(sa.get(1).image().pixels(),
                    org.assertj.core.data.Offset.offset(1e-5f));
            List<Image> frames = a.interpolate(5, 6, 3, 2, 2, 1.0);
            assertThat(frames.get(0).pixels()).containsExactly(cls2.pixels(), org.assertj.core.data.Offset.offset(1e-5f));
        }
    }
}
