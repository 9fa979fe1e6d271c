package dev.genlab.model.vae;

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tiny model, tiny synthetic data, a few steps: behaviour, not quality. */
class VaeTrainingTest {

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

    static VaeTrainer.Options options(Path out, int epochs, long maxSteps, boolean resume) {
        return new VaeTrainer.Options(new TrainingOptions(data, out, epochs, 32, 2e-3f, 7, resume, 0, maxSteps, 3,
                false, "test", "tiny"), 8, 8, 1.0, true);
    }

    static VaeTrainer.Result train(Path out, int epochs, long maxSteps, boolean resume) {
        return new VaeTrainer(QUIET).train(options(out, epochs, maxSteps, resume), manager);
    }

    @Test
    void lossFallsOverAFewEpochs() {
        TrainingState s = train(tmp.resolve("falls"), 4, 0, false).state();
        List<TrainingState.EpochSummary> e = s.epochs();
        assertThat(e).hasSize(4);
        assertThat(e.get(3).losses().get("loss")).isLessThan(e.get(0).losses().get("loss") * 0.9);
        assertThat(e).allSatisfy(x -> assertThat(x.losses().get("loss")).isFinite());
    }

    @Test
    void resumedRunEqualsAnUninterruptedOne() throws Exception {
        VaeTrainer.Result straight = train(tmp.resolve("straight"), 2, 0, false);
        VaeTrainer.Result first = train(tmp.resolve("resumed"), 2, 4, false); // stops mid-epoch 1 (5 steps/epoch)
        assertThat(first.finished()).isFalse();
        VaeTrainer.Result resumed = train(tmp.resolve("resumed"), 2, 0, true);
        assertThat(resumed.state().globalStep()).isEqualTo(straight.state().globalStep());
        assertThat(resumed.state().epochs()).extracting(TrainingState.EpochSummary::losses)
                .isEqualTo(straight.state().epochs().stream().map(TrainingState.EpochSummary::losses).toList());
        var a = SafeTensors.read(straight.modelDir().resolve(ModelDirectory.WEIGHTS)).tensors();
        var b = SafeTensors.read(resumed.modelDir().resolve(ModelDirectory.WEIGHTS)).tensors();
        assertThat(b.keySet()).isEqualTo(a.keySet());
        a.forEach((name, t) -> assertThat(b.get(name).data()).as(name).isEqualTo(t.data()));
    }

    @Test
    void savedModelLoadsToIdenticalOutputs() {
        VaeTrainer.Result r = train(tmp.resolve("saved"), 1, 0, false);
        ModelDirectory dir = ModelDirectory.open(r.modelDir());
        GenerationRequest req = new GenerationRequest(new long[] {1, 2, 3}, null, 1.0);
        try (VaeModel a = VaeModel.load(dir, manager); VaeModel b = VaeModel.load(dir, manager)) {
            List<Sample> sa = a.generate(req);
            // Loaded weights must own their memory: collecting garbage must not change them (it once did).
            for (int i = 0; i < 5; i++) {
                byte[][] garbage = new byte[64][];
                for (int j = 0; j < garbage.length; j++) {
                    garbage[j] = new byte[1 << 20];
                }
                System.gc();
            }
            List<Sample> sb = b.generate(req);
            assertThat(a.generate(req).get(0).image()).isEqualTo(sa.get(0).image());
            for (int i = 0; i < 3; i++) {
                assertThat(sa.get(i).image().pixels()).containsExactly(sb.get(i).image().pixels());
            }
            // the validation ELBO the trainer reported is the loaded model's
            var splits = dev.genlab.data.Datasets.load(data, 1, 28, 28);
            assertThat(a.evaluate(splits.test(), 500).negElbo()).isEqualTo(r.validation().negElbo());
        }
    }

    @Test
    void seedsClassesAndTemperatureShapeTheOutput() {
        VaeTrainer.Result r = train(tmp.resolve("gen"), 1, 0, false);
        try (VaeModel m = VaeModel.load(ModelDirectory.open(r.modelDir()), manager)) {
            Image one = m.generate(new GenerationRequest(new long[] {5}, 2, 1.0)).get(0).image();
            Image again = m.generate(new GenerationRequest(new long[] {5}, 2, 1.0)).get(0).image();
            Image other = m.generate(new GenerationRequest(new long[] {6}, 2, 1.0)).get(0).image();
            Image cold = m.generate(new GenerationRequest(new long[] {5}, 2, 0.5)).get(0).image();
            assertThat(again).isEqualTo(one);
            assertThat(other).isNotEqualTo(one);
            assertThat(cold).isNotEqualTo(one);
            assertThat(m.generate(new GenerationRequest(new long[] {5}, null, 1.0)).get(0).classIndex())
                    .isEqualTo(m.classForSeed(5));
            List<Image> frames = m.interpolate(5, 6, 4, 2, 2, 1.0);
            assertThat(frames.get(0).pixels()).containsExactly(one.pixels(), org.assertj.core.data.Offset.offset(1e-5f));
            assertThat(frames.get(3).pixels()).containsExactly(other.pixels(), org.assertj.core.data.Offset.offset(1e-5f));
            var rec = m.reconstruct(List.of(one), null).get(0);
            assertThat(rec.psnr()).isGreaterThan(0);
            assertThat(rec.classInferred()).isTrue();
        }
    }
}
