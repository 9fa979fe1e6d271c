package dev.genlab.model.latent;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.genlab.TestCli;
import dev.genlab.TestData;
import dev.genlab.data.Datasets;
import dev.genlab.data.Image;
import dev.genlab.data.png.PngReader;
import dev.genlab.data.png.PngWriter;
import dev.genlab.data.safetensors.SafeTensors;
import dev.genlab.data.safetensors.Tensor;
import dev.genlab.model.GenerationRequest;
import dev.genlab.model.Reconstructor;
import dev.genlab.model.Sample;
import dev.genlab.model.SamplerSettings;
import dev.genlab.modelstore.ModelDirectory;
import dev.genlab.sampling.NoiseSchedule;
import dev.genlab.sampling.Prediction;
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

/** The text-to-image model on tiny networks: both stages learn, and the pipeline's guarantees hold. */
class LatentDiffusionTest {

    @TempDir
    static Path tmp;
    static NDManager manager;
    static Path data;
    static Path models;
    static AutoencoderTrainer.Result ae;
    static LdmTrainer.Result ldm;
    static Path init;
    static Path mask;
    static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
    static final SamplerSettings DDIM = new SamplerSettings("ddim", 10, 3.0, 0, false);

    static TrainingOptions common(Path out, String name, boolean resume, long maxSteps) {
        return new TrainingOptions(data, out, 3, 32, 3e-3f, 1, resume, 0, maxSteps, 100, false, "test", name);
    }

    /** 96 images in batches of 32: 3 steps per epoch, 3 epochs. */
    static LdmTrainer.Options ldmOptions(Path out, boolean resume, long maxSteps) {
        return new LdmTrainer.Options(common(out, "ldm", resume, maxSteps), models.resolve("autoencoder"), 8, 2,
                NoiseSchedule.Kind.SCALED_LINEAR, 1000, Prediction.EPSILON, 0.2, 0.9f, 4, DDIM);
    }

    @BeforeAll
    static void train() throws Exception {
        manager = NDManager.newBaseManager();
        data = TestData.fashionLike(tmp.resolve("data"), 96, 32);
        models = tmp.resolve("models");
        ae = new AutoencoderTrainer(QUIET).train(new AutoencoderTrainer.Options(common(models.resolve("autoencoder"),
                "autoencoder", false, 0), 8, 4, 1e-4, 32), manager);
        ldm = new LdmTrainer(QUIET).train(ldmOptions(models.resolve("ldm"), false, 0), manager, null);
        Image first = Datasets.load(data, 1, 28, 28).test().image(0);
        init = tmp.resolve("init.png");
        Files.write(init, PngWriter.encode(first, List.of()));
        // white (repaint) over the top half, black (keep) below
        float[] px = new float[28 * 28];
        for (int i = 0; i < 14 * 28; i++) {
            px[i] = 1f;
        }
        mask = tmp.resolve("mask.png");
        Files.write(mask, PngWriter.encode(new Image(1, 28, 28, px), List.of()));
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    static LdmModel load() {
        return LdmModel.load(ModelDirectory.open(models.resolve("ldm")), manager);
    }

    static List<Image> images(List<Sample> samples) {
        return samples.stream().map(Sample::image).toList();
    }

    static GenerationRequest request(LdmModel m, Map<String, String> given, long... seeds) {
        return new GenerationRequest(seeds, null, 1.0, DDIM, m.resolveOptions(given));
    }

    @Test
    void theAutoencoderLearnsAndMeasuresItsLatentScale() {
        List<TrainingState.EpochSummary> e = ae.state().epochs();
        assertThat(e.get(2).losses().get("sse")).isLessThan(e.get(0).losses().get("sse"));
        ModelDirectory dir = ModelDirectory.open(ae.modelDir());
        assertThat(dir.manifest().metrics()).containsKeys("test_reconstruction_psnr_db", "latent_scale_factor");
        double scale = dir.manifest().network().get("scale_factor").asDouble();
        assertThat(scale).isPositive().isEqualTo(ae.scaleFactor());
        try (AutoencoderModel a = AutoencoderModel.load(dir, manager);
                AutoencoderModel b = AutoencoderModel.load(dir, manager)) {
            assertThat(a.config().latentSize()).as("28×28 in a 32×32 canvas, two halvings").isEqualTo(8);
            var test = Datasets.load(data, 1, 28, 28).test();
            List<Image> in = List.of(test.image(0), test.image(1));
            var ra = a.reconstruct(in, null);
            assertThat(ra.get(0).output().width()).isEqualTo(28);
            assertThat(b.reconstruct(in, null).stream().map(Reconstructor.Reconstruction::output).toList())
                    .as("save → load gives the same reconstructions")
                    .isEqualTo(ra.stream().map(Reconstructor.Reconstruction::output).toList());
            GenerationRequest req = new GenerationRequest(new long[] {3, 4}, null, 1.0);
            assertThat(images(b.generate(req))).isEqualTo(images(a.generate(req)));
        }
    }

    @Test
    void theUNetLearnsAndTheSavedModelRepeatsItsImages() {
        List<TrainingState.EpochSummary> e = ldm.state().epochs();
        assertThat(e.get(2).losses().get("mse")).isLessThan(e.get(0).losses().get("mse"));
        try (LdmModel a = load(); LdmModel b = load()) {
            GenerationRequest sneakers = request(a, Map.of("prompt", "a pair of sneakers"), 1, 2);
            a.resetPhases();
            List<Image> ia = images(a.generate(sneakers));
            assertThat(a.phaseSeconds()).containsOnlyKeys(LdmModel.TEXT, LdmModel.DENOISE, LdmModel.DECODE)
                    .allSatisfy((phase, seconds) -> assertThat(seconds).as(phase).isPositive());
            assertThat(images(b.generate(sneakers))).isEqualTo(ia);
            assertThat(images(a.generate(request(a, Map.of("prompt", "a bag"), 1, 2)))).as("the prompt matters")
                    .isNotEqualTo(ia);
            assertThat(images(a.generate(request(a, Map.of("prompt", "a pair of sneakers", "negative_prompt", "a bag"),
                    1, 2)))).as("the negative prompt replaces the unconditional context").isNotEqualTo(ia);
        }
    }

    @Test
    void strengthZeroGivesTheReconstructionAndMoreStrengthMovesFurtherAway() {
        try (LdmModel m = load(); AutoencoderModel a = AutoencoderModel.load(ModelDirectory.open(ae.modelDir()),
                manager)) {
            Image original = dev.genlab.data.ImageFiles.read(init, 1, 28, 28);
            long[] seeds = {5, 6, 7, 8};
            // the same batch size: batching changes the last bits of convolutions
            Image reconstruction = a.reconstruct(java.util.Collections.nCopies(seeds.length, original), null).get(0)
                    .output();
            double[] distance = new double[3];
            String[] strengths = {"0", "0.5", "1"};
            for (int k = 0; k < strengths.length; k++) {
                List<Image> out = images(m.generate(request(m, Map.of("prompt", "a t-shirt", "init", init.toString(),
                        "strength", strengths[k]), seeds)));
                for (Image im : out) {
                    distance[k] += Reconstructor.mse(im, original) / out.size();
                    if (k == 0) {
                        assertThat(im).as("strength 0 is the autoencoder's reconstruction, exactly")
                                .isEqualTo(reconstruction);
                    }
                }
            }
            assertThat(distance[0]).isLessThan(distance[1]);
            assertThat(distance[1]).isLessThan(distance[2]);
        }
    }

    @Test
    void inpaintingLeavesTheLatentsOutsideTheMaskUnchanged() {
        try (LdmModel m = load(); NDManager scope = manager.newSubManager()) {
            for (String sampler : new String[] {"ddim", "euler-a", "heun", "pndm", "dpmpp-2m"}) {
                GenerationRequest req = new GenerationRequest(new long[] {9, 10}, null, 1.0,
                        new SamplerSettings(sampler, 6, 3.0, 0, false),
                        m.resolveOptions(Map.of("prompt", "a dress", "init", init.toString(), "mask", mask.toString())));
                NDArray out = m.sampleLatents(req, null, scope);
                NDArray original = m.initLatents(req, scope);
                // the mask's black half is image rows 14..27, canvas rows 16..29: latent rows 4..7 (and the
                // border below) stay; rows 0..3 touch the white half and are repainted
                assertThat(out.get(":, :, 4:, :").toFloatArray()).as(sampler)
                        .containsExactly(original.get(":, :, 4:, :").toFloatArray());
                assertThat(out.get(":, :, 0:3, :").toFloatArray()).as(sampler)
                        .isNotEqualTo(original.get(":, :, 0:3, :").toFloatArray());
            }
        }
    }

    @Test
    void resumingGivesTheSameWeights() {
        Path out = tmp.resolve("resumed");
        var first = new LdmTrainer(QUIET).train(ldmOptions(out, false, 4), manager, null);
        assertThat(first.finished()).isFalse();
        var second = new LdmTrainer(QUIET).train(ldmOptions(out, true, 0), manager, null);
        assertThat(second.finished()).isTrue();
        Map<String, Tensor> a = SafeTensors.read(ldm.modelDir().resolve(ModelDirectory.WEIGHTS)).tensors();
        Map<String, Tensor> b = SafeTensors.read(out.resolve(ModelDirectory.WEIGHTS)).tensors();
        assertThat(b.keySet()).isEqualTo(a.keySet()).anyMatch(k -> k.startsWith("ae.")).anyMatch(k -> k.startsWith("unet."));
        a.forEach((name, t) -> assertThat(b.get(name).toFloats()).as(name).containsExactly(t.toFloats()));
    }

    @Test
    void theCommandLineReproducesImagesAndRefusesBadInput() throws Exception {
        String dir = models.toString();
        Path out = tmp.resolve("cli");
        var run = TestCli.run("generate", "ldm", "a pair of sneakers", "--negative", "a bag", "--n", "2", "--seed", "3",
                "--steps", "4", "--models-dir", dir, "--out", out.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        Path png = out.resolve("ldm-000003.png");
        Map<String, String> texts = PngReader.texts(Files.readAllBytes(png), png.toString());
        assertThat(texts.get("parameters")).startsWith("a pair of sneakers\nNegative prompt: a bag\n");
        Path again = tmp.resolve("cli-again");
        assertThat(TestCli.run("generate", "ldm", "a pair of sneakers", "--negative", "a bag", "--n", "2", "--seed",
                "3", "--steps", "4", "--models-dir", dir, "--out", again.toString()).exit()).isZero();
        assertThat(Files.readAllBytes(again.resolve("ldm-000003.png"))).isEqualTo(Files.readAllBytes(png));
        Path from = tmp.resolve("cli-from");
        assertThat(TestCli.run("generate", "--from", png.toString(), "--models-dir", dir, "--out", from.toString())
                .exit()).isZero();
        assertThat(Files.readAllBytes(from.resolve("ldm-000003.png"))).isEqualTo(Files.readAllBytes(png));

        Path wrongSize = tmp.resolve("wrong.png");
        Files.write(wrongSize, PngWriter.encode(new Image(1, 16, 16, new float[256]), List.of()));
        String[][] bad = {
            {"generate", "ldm"},
            {"generate", "ldm", "a bag", "--init", init.toString(), "--strength", "1.5"},
            {"generate", "ldm", "a bag", "--mask", mask.toString()},
            {"generate", "ldm", "a bag", "--init", wrongSize.toString()},
            {"generate", "ldm", "a bag", "--init", init.toString(), "--mask", wrongSize.toString()},
        };
        String[] says = {"needs a prompt", "--strength must be between 0 and 1", "--mask needs --init",
            "is 16x16; this model takes 28x28", "is 16x16; this model takes 28x28"};
        for (int i = 0; i < bad.length; i++) {
            String[] args = java.util.Arrays.copyOf(bad[i], bad[i].length + 2);
            args[args.length - 2] = "--models-dir";
            args[args.length - 1] = dir;
            var r = TestCli.run(args);
            assertThat(r.exit()).as(String.join(" ", bad[i])).isEqualTo(2);
            assertThat(r.err()).contains(says[i]).doesNotContain("Exception").hasLineCount(1);
        }
    }
}
