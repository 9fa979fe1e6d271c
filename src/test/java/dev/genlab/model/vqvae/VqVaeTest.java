package dev.genlab.model.vqvae;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.genlab.TestData;
import dev.genlab.data.Datasets;
import dev.genlab.data.Image;
import dev.genlab.data.safetensors.SafeTensors;
import dev.genlab.model.GenerationRequest;
import dev.genlab.model.Reconstructor;
import dev.genlab.modelstore.ModelDirectory;
import dev.genlab.train.Checkpoint;
import dev.genlab.train.TrainingOptions;
import dev.genlab.train.TrainingState;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VqVaeTest {

    @TempDir
    static Path tmp;
    static NDManager manager;
    static Path data;
    static VqVaeTrainer.Result trained;
    static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    /** 96 images in batches of 32: 3 steps per epoch, 3 epochs per stage. */
    static VqVaeTrainer.Options options(Path out, boolean resume, long maxSteps) {
        return new VqVaeTrainer.Options(new TrainingOptions(data, out, 3, 32, 3e-3f, 1, resume, 0, maxSteps, 100,
                false, "test", "tiny-vqvae"), 8, 8, 4, 3, 3e-3f, 8, 3, 16, true, 32);
    }

    @BeforeAll
    static void setUp() throws Exception {
        manager = NDManager.newBaseManager();
        data = TestData.fashionLike(tmp.resolve("data"), 96, 32);
        trained = new VqVaeTrainer(QUIET).train(options(tmp.resolve("model"), false, 0), manager, null);
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    @Test
    void bothStagesLearnAndTheCardSaysSo() throws Exception {
        assertThat(trained.finished()).isTrue();
        List<TrainingState.EpochSummary> ae = trained.autoencoder().epochs();
        assertThat(ae.get(2).losses().get("mse")).isLessThan(ae.get(0).losses().get("mse"));
        List<TrainingState.EpochSummary> prior = trained.prior().epochs();
        assertThat(prior.get(2).losses().get("bits_per_code")).isLessThan(prior.get(0).losses().get("bits_per_code"));
        ModelDirectory dir = ModelDirectory.open(trained.modelDir());
        assertThat(dir.manifest().family()).isEqualTo(VqVaeFamily.NAME);
        assertThat(dir.manifest().metrics()).containsKeys("test_reconstruction_psnr_db", "prior_test_bits_per_code",
                "codes_used");
        assertThat(dir.manifest().training().steps()).isEqualTo(18);
        assertThat(Files.readString(dir.path().resolve(ModelDirectory.CARD))).contains("autoencoder epoch");
    }

    @Test
    void savedModelSamplesTheSameCodesAndReconstructs() {
        ModelDirectory dir = ModelDirectory.open(trained.modelDir());
        try (VqVaeModel a = VqVaeModel.load(dir, manager); VqVaeModel b = VqVaeModel.load(dir, manager)) {
            GenerationRequest req = new GenerationRequest(new long[] {1, 2, 3}, null, 1.0);
            List<Image> ia = a.generate(req).stream().map(s -> s.image()).toList();
            assertThat(b.generate(req).stream().map(s -> s.image()).toList()).isEqualTo(ia);
            assertThat(ia.get(0).height()).isEqualTo(28);
            assertThat(a.generate(new GenerationRequest(new long[] {1}, 0, 1.0)).get(0).classIndex()).isZero();
            var test = Datasets.load(data, 1, 28, 28).test();
            var grids = a.codeGrids(test, 16);
            assertThat(grids.height()).isEqualTo(7);
            for (float v : grids.pixels()) {
                assertThat(v).isBetween(0f, 7f).isEqualTo((float) Math.rint(v));
            }
            assertThat(a.priorBitsPerCode(grids, 32, 16)).as("the prior is shipped in fp16")
                    .isCloseTo(dir.manifest().metrics().get("prior_test_bits_per_code"), Offset.offset(0.02));
            List<Reconstructor.Reconstruction> rec = a.reconstruct(List.of(test.image(0), test.image(1)), null);
            assertThat(rec).hasSize(2).allSatisfy(r -> {
                assertThat(r.output().width()).isEqualTo(28);
                assertThat(r.psnr()).isGreaterThan(0).isEqualTo(Reconstructor.psnr(Reconstructor.mse(r.input(),
                        r.output())));
            });
        }
    }

    @Test
    void resumeAcrossTheStagesGivesTheSameWeights() {
        Path out = tmp.resolve("resumed");
        VqVaeTrainer trainer = new VqVaeTrainer(QUIET);
        var first = trainer.train(options(out, false, 11), manager, null);
        assertThat(first.finished()).isFalse();
        assertThat(out.resolve(VqVaeTrainer.PRIOR_STAGE).resolve(Checkpoint.FILE_NAME)).exists();
        var second = trainer.train(options(out, true, 0), manager, null);
        assertThat(second.finished()).isTrue();
        Map<String, dev.genlab.data.safetensors.Tensor> a = SafeTensors.read(trained.modelDir()
                .resolve(ModelDirectory.WEIGHTS)).tensors();
        Map<String, dev.genlab.data.safetensors.Tensor> b = SafeTensors.read(out.resolve(ModelDirectory.WEIGHTS))
                .tensors();
        assertThat(b.keySet()).isEqualTo(a.keySet());
        a.forEach((name, t) -> assertThat(b.get(name).toFloats()).as(name).containsExactly(t.toFloats()));
    }
}
