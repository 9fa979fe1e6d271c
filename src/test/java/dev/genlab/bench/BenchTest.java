package dev.genlab.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import dev.genlab.TestData;
import dev.genlab.cli.Main;
import dev.genlab.metrics.ReferenceStatistics;
import dev.genlab.metrics.classifier.ClassifierModel;
import dev.genlab.metrics.classifier.ClassifierTrainer;
import dev.genlab.model.SamplerSettings;
import dev.genlab.model.diffusion.DiffusionTrainer;
import dev.genlab.model.gan.GanTrainer;
import dev.genlab.model.vae.VaeTrainer;
import dev.genlab.modelstore.ModelDirectory;
import dev.genlab.sampling.NoiseSchedule;
import dev.genlab.sampling.Prediction;
import dev.genlab.train.TrainingOptions;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** bench end to end on tiny models: files, fields, and figures that belong to the child process. */
class BenchTest {

    @TempDir
    static Path tmp;
    static Path models;

    @BeforeAll
    static void trainTinyModels() throws Exception {
        Path data = TestData.fashionLike(tmp.resolve("data"), 200, 100);
        models = tmp.resolve("models");
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        try (NDManager m = NDManager.newBaseManager()) {
            new VaeTrainer(quiet).train(new VaeTrainer.Options(new TrainingOptions(data, models.resolve("tiny"), 1, 20,
                    1e-3f, 1, false, 0, 0, 100, false, "test", "tiny"), 4, 8, 1.0, true), m);
            new GanTrainer(quiet).train(new GanTrainer.Options(new TrainingOptions(data, models.resolve("tiny-gan"), 1, 20,
                    1e-3f, 1, false, 0, 0, 100, false, "test", "tiny-gan"), 4, 8, true, 0.9f, false), m, null);
            new DiffusionTrainer(quiet).train(new DiffusionTrainer.Options(new TrainingOptions(data,
                    models.resolve("tiny-ddpm"), 1, 20, 1e-3f, 1, false, 0, 0, 100, false, "test", "tiny-ddpm"), 8, true,
                    NoiseSchedule.Kind.LINEAR, 100, Prediction.EPSILON, 0.2, 0.9f,
                    new SamplerSettings("ddim", 3, 2.0, 0, false)), m, null);
            var result = new ClassifierTrainer(quiet).train(new ClassifierTrainer.Options(new TrainingOptions(data,
                    models.resolve("classifier"), 1, 20, 1e-3f, 1, false, 0, 0, 100, false, "test", "classifier"), 8, 16,
                    0.1), m);
            try (ClassifierModel c = ClassifierModel.load(ModelDirectory.open(models.resolve("classifier")), m)) {
                ReferenceStatistics.compute(c, result.data().test(), result.data().train()).write(models.resolve("classifier"));
            }
        }
        // a procedural generator: timed like the others, quality "n/a" with the reason, left out of the advice
        Files.createDirectories(models.resolve("water"));
        Files.writeString(models.resolve("water/config.json"), """
                {"format": 1, "name": "water", "family": "fbm", "description": "test",
                 "image": {"channels": 3, "height": 24, "width": 24}, "classes": [], "network": {"colormap": "ocean"}}
                """);
    }

    @Test
    void aModelThatCannotBeMeasuredIsReportedAndTheRunGoesOn() throws Exception {
        Path broken = tmp.resolve("broken-models");
        Path dir = broken.resolve("broken");
        Files.createDirectories(dir);
        Files.copy(models.resolve("tiny").resolve("config.json"), dir.resolve("config.json"));
        Files.writeString(dir.resolve("config.json"), Files.readString(dir.resolve("config.json"))
                .replace("\"name\" : \"tiny\"", "\"name\" : \"broken\""));
        var contents = dev.genlab.data.safetensors.SafeTensors.read(models.resolve("tiny").resolve("model.safetensors"));
        java.util.List<dev.genlab.data.safetensors.Tensor> poisoned = new java.util.ArrayList<>();
        for (var t : contents.tensors().values()) {
            float[] v = t.toFloats();
            v[0] = Float.NaN;
            poisoned.add(dev.genlab.data.safetensors.Tensor.ofFloats(t.name(), t.shape(), v,
                    dev.genlab.data.safetensors.DType.F32));
        }
        dev.genlab.data.safetensors.SafeTensors.write(dir.resolve("model.safetensors"), poisoned, contents.metadata());
        Files.createDirectories(broken.resolve("tiny"));
        for (String f : new String[] {"config.json", "model.safetensors"}) {
            Files.copy(models.resolve("tiny").resolve(f), broken.resolve("tiny").resolve(f));
        }
        Path out = tmp.resolve("run-broken");
        var run = dev.genlab.TestCli.run("bench", "--quick", "--samples", "50", "--batch-sizes", "1", "--models",
                "broken,tiny", "--models-dir", broken.toString(), "--out", out.toString());
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).contains("1 model(s) could not be measured (broken)");
        JsonNode r = ModelDirectory.JSON.readTree(out.resolve("results.json").toFile());
        assertThat(r.get("rows")).extracting(x -> x.get("model").asText()).containsExactly("tiny");
        assertThat(r.get("failures").get(0).get("model").asText()).isEqualTo("broken");
        assertThat(r.get("failures").get(0).get("reason").asText()).contains("NaN");
        assertThat(Files.readString(out.resolve("report.md"))).contains("## Not measured").contains("| broken |");
    }

    @Test
    void quickBenchWritesEveryFileWithEveryFieldFilled() throws Exception {
        Path out = tmp.resolve("run");
        int exit = quietly("bench", "--quick", "--samples", "60", "--batch-sizes", "1,8", "--steps", "2,3",
                "--models-dir", models.toString(), "--out", out.toString());
        assertThat(exit).isZero();
        for (String f : new String[] {"results.json", "results.csv", "report.md", "report.html", "grid-tiny.png",
            "grid-tiny-gan.png"}) {
            assertThat(out.resolve(f)).isNotEmptyFile();
        }
        JsonNode r = ModelDirectory.JSON.readTree(out.resolve("results.json").toFile());
        assertThat(r.get("schema").asText()).isEqualTo(BenchResults.SCHEMA);
        assertThat(r.get("machine").get("peak_gflops").asDouble()).isPositive();
        JsonNode row = r.get("rows").get(0);
        assertThat(row.get("model").asText()).isEqualTo("tiny");
        for (String field : new String[] {"load_seconds", "images_per_second", "rss_after_load_mb", "peak_rss_mb",
            "flops_per_image", "gflops", "peak_fraction"}) {
            assertThat(row.get(field).asDouble()).as(field).isPositive();
        }
        assertThat(row.get("latency").get("median").asDouble()).isPositive();
        assertThat(row.get("quality").get("fd").get("mean").asDouble()).isPositive();
        // the VAE's card has an ELBO bound in bits/dim: bench shows it in a likelihood table
        assertThat(row.get("likelihood").get("bits_per_dim").asDouble()).isPositive();
        assertThat(Files.readString(out.resolve("report.md"))).contains("## Likelihood")
                .contains("not a likelihood of 8-bit pixels");
        assertThat(row.get("quality").get("precision").get("mean").asDouble()).isBetween(0.0, 1.0);
        assertThat(r.get("reference").get("fd").get("mean").asDouble()).isNotNegative();
        assertThat(r.get("advice")).hasSizeGreaterThanOrEqualTo(4);
        assertThat(Files.readString(out.resolve("report.md"))).contains("Table 3.1").contains("| tiny |");
        assertThat(Files.readString(out.resolve("report.html"))).contains("<svg").contains("data:image/png;base64,");
        assertThat(r.get("rows")).extracting(x -> x.get("model").asText())
                .containsExactlyInAnyOrder("tiny", "tiny-gan", "tiny-ddpm", "tiny-ddpm", "water");
        JsonNode water = r.get("rows").get(r.get("rows").size() - 1);
        assertThat(water.get("quality").isNull()).isTrue();
        assertThat(water.get("quality_note").asText()).startsWith("procedural");
        assertThat(water.get("best_batch").asInt()).as("no batch search for plain Java").isEqualTo(1);
        assertThat(out.resolve("grid-water.png")).isNotEmptyFile();
        assertThat(r.get("advice").get(0).get("use").asText()).startsWith("procedural");
        assertThat(r.get("advice")).extracting(a -> a.get("model").asText()).filteredOn("water"::equals).hasSize(1);
        // a diffusion model gets a row per step count, its settings recorded and charted
        assertThat(r.get("rows")).filteredOn(x -> x.get("model").asText().equals("tiny-ddpm"))
                .extracting(x -> x.get("settings").get("steps").asText()).containsExactly("2", "3");
        assertThat(Files.readString(out.resolve("report.md"))).contains("tiny-ddpm (ddim, 3 steps, cfg 2)");
        assertThat(Files.readString(out.resolve("report.html"))).contains("Quality vs sampling steps");
        assertThat(r.get("advice")).as("the sampler with the most quality per second")
                .filteredOn(a -> a.get("use").asText().equals("sampler for tiny-ddpm (most quality per second)"))
                .singleElement().satisfies(a -> assertThat(a.get("model").asText()).startsWith("tiny-ddpm (ddim, "));
        assertThat(Files.readAllLines(out.resolve("results.csv"))).hasSize(6);
    }

    @Test
    void anInterruptedRunResumesWithTheRowsItFinished() throws Exception {
        Path out = tmp.resolve("interrupted");
        // the first row of a two-model run finished, then the run stopped: only rows.json is there
        var first = new BenchRun.Settings(java.util.List.of("tiny"), 2, 50, 1, java.util.List.of(1), "cpu", 1, out,
                true, false, java.util.List.of(), java.util.List.of(), false,
                java.util.List.of(), false);
        try (NDManager m = NDManager.newBaseManager()) {
            BenchRun.run(first, dev.genlab.catalog.Catalog.registry(models), m,
                    new PrintStream(OutputStream.nullOutputStream()));
        }
        assertThat(PartialResults.file(out)).isNotEmptyFile();
        assertThat(out.resolve("results.json")).doesNotExist();
        JsonNode saved = ModelDirectory.JSON.readTree(PartialResults.file(out).toFile()).get("rows").get(0);

        String[] args = {"bench", "--reps", "2", "--samples", "50", "--seed-sets", "1", "--batch-sizes", "1",
            "--threads", "1", "--models", "tiny,tiny-gan", "--models-dir", models.toString(), "--out", out.toString()};
        assertThat(quietly(args)).as("without --resume the unfinished run is not overwritten").isEqualTo(1);
        String[] otherReps = args.clone();
        otherReps[2] = "3";
        assertThat(quietly(append(otherReps, "--resume"))).as("other settings cannot resume").isEqualTo(2);
        assertThat(quietly(append(args, "--resume"))).isZero();

        JsonNode r = ModelDirectory.JSON.readTree(out.resolve("results.json").toFile());
        assertThat(r.get("rows")).extracting(x -> x.get("model").asText()).containsExactly("tiny", "tiny-gan");
        assertThat(r.get("rows").get(0).get("latency")).as("the finished row is kept, not measured again")
                .isEqualTo(saved.get("latency"));
        assertThat(r.get("rows").get(1).get("latency").get("median").asDouble()).isPositive();
        assertThat(PartialResults.file(out)).as("kept, so that a finished run can be extended").isNotEmptyFile();
        JsonNode gan = r.get("rows").get(1);
        assertThat(quietly(append(append(args, "--resume"), "--redo=tiny"))).isZero();
        JsonNode redone = ModelDirectory.JSON.readTree(out.resolve("results.json").toFile());
        assertThat(redone.get("rows").get(0).get("latency")).as("--redo measures tiny again")
                .isNotEqualTo(saved.get("latency"));
        assertThat(redone.get("rows").get(1).get("latency")).as("the other row is kept").isEqualTo(gan.get("latency"));
        JsonNode kept = ModelDirectory.JSON.readTree(PartialResults.file(out).toFile());
        assertThat(kept.get("rows")).as("rows.json keeps the rows after the redone one, for the next --resume")
                .extracting(x -> x.get("model").asText()).containsExactly("tiny", "tiny-gan");
        assertThat(quietly(args)).as("a finished run is not overwritten without --resume").isEqualTo(1);
    }

    private static int quietly(String... args) {
        return dev.genlab.TestCli.run(args).exit();
    }

    private static String[] append(String[] args, String extra) {
        String[] out = java.util.Arrays.copyOf(args, args.length + 1);
        out[args.length] = extra;
        return out;
    }

    @Test
    void memoryFiguresComeFromTheChildProcess() {
        WorkerRequest req = new WorkerRequest(models.resolve("tiny").toString(), null, 2, java.util.List.of(1),
                50, java.util.List.of(0L), "cpu", null, null, null, null, false, false);
        WorkerResult r = ChildProcess.run(req, tmp.resolve("work"), "1g");
        assertThat(r.pid()).isNotEqualTo(MemoryProbe.pid());
        assertThat(r.peakRssMb()).isGreaterThanOrEqualTo(r.rssAfterLoadMb()).isPositive();
        assertThat(r.qualityNote()).contains("no classifier");
        assertThat(r.latencySeconds()).hasSize(2);
    }

    @ParameterizedTest
    @CsvSource({"tiny, vae.py", "tiny-gan, dcgan.py"})
    void pytorchPeerProducesTheSameImagesAsGenlab(String model, String peer) throws Exception {
        Process check = new ProcessBuilder(PeerProcess.PYTHON, "-c", "import torch, numpy").start();
        org.junit.jupiter.api.Assumptions.assumeTrue(check.waitFor() == 0, "Debian's python3-torch is not installed");
        Path npy = tmp.resolve("peer-" + model + ".npy");
        PeerProcess.images(Path.of("tools/peers", peer), models.resolve(model), 5, 4, npy);
        float[] theirs = dev.genlab.data.NpyReader.read(npy).values();
        ModelDirectory dir = ModelDirectory.open(models.resolve(model));
        try (NDManager m = NDManager.newBaseManager();
                var g = dev.genlab.catalog.Catalog.registry(models).family(dir).load(dir, m)) {
            var mine = g.generate(new dev.genlab.model.GenerationRequest(new long[] {5, 6, 7, 8}, null, 1.0));
            int n = mine.get(0).image().pixels().length;
            assertThat(theirs).hasSize(4 * n);
            for (int i = 0; i < 4; i++) {
                float[] px = mine.get(i).image().pixels();
                for (int k = 0; k < n; k++) {
                    assertThat(theirs[i * n + k]).isCloseTo(px[k], Offset.offset((float) Peers.TOLERANCE));
                }
            }
        }
    }

    @Test
    void theBatchSearchStopsBeforeCallsOfMinutes() {
        // 5 s an image (a pixel-by-pixel sampler): batch 8 is tried, batch 64 would take over five minutes a call
        var slow = new WorkerResult.Throughput(1, 0.2, 5.0);
        assertThat(BenchWorker.affordable(slow, 8)).isTrue();
        assertThat(BenchWorker.affordable(slow, 64)).isFalse();
        var fast = new WorkerResult.Throughput(64, 1000, 0.064);
        assertThat(BenchWorker.affordable(fast, 256)).isTrue();
    }

    @Test
    void theBatchSearchCutsAnUnaffordableBatchToTheLargestThatFitsTheMinute() {
        var slow = new WorkerResult.Throughput(1, 0.2, 5.0); // 5 s an image
        assertThat(BenchWorker.fitting(slow, 8)).isEqualTo(8);
        assertThat(BenchWorker.fitting(slow, 64)).isEqualTo(12);
        var slower = new WorkerResult.Throughput(1, 1.0 / 9.2, 9.2); // the PixelCNN: 9.2 s an image
        assertThat(BenchWorker.fitting(slower, 16)).isEqualTo(6);
        var glacial = new WorkerResult.Throughput(1, 1.0 / 40, 40); // not even two images fit a minute
        assertThat(BenchWorker.fitting(glacial, 16)).isZero();
        var batched = new WorkerResult.Throughput(16, 16 / 32.0, 32); // 2 s an image at batch 16
        assertThat(BenchWorker.fitting(batched, 64)).isEqualTo(30);
    }

    @Test
    void slowModelsGetFewerQualitySamplesWithinTheBudget() {
        assertThat(BenchWorker.qualityBudget(1000, 3, 1000)).containsExactly(1000, 3);
        int[] medium = BenchWorker.qualityBudget(1000, 3, 2);
        assertThat(medium).containsExactly((int) (BenchWorker.QUALITY_SECONDS * 2 / 3), 3);
        assertThat(BenchWorker.qualityBudget(1000, 3, 0.2)).containsExactly(BenchWorker.MIN_QUALITY_SAMPLES, 1);
        assertThat(BenchWorker.qualityBudget(60, 1, 0.01)).as("never more than asked for").containsExactly(60, 1);
        // a budgeted run: the quality time follows the budget, and the sample count the time
        assertThat(BenchWorker.qualityBudget(1000, 3, 20, 30)).containsExactly(200, 3);
    }

    @Test
    void aBudgetIsSharedAmongTheRowsLeft() {
        assertThat(BenchRun.qualitySeconds(null, 0, 13)).isEqualTo(BenchWorker.QUALITY_SECONDS);
        double first = BenchRun.qualitySeconds(900.0, 0, 10);
        assertThat(first).isEqualTo(BenchRun.QUALITY_SHARE * 90);
        assertThat(BenchRun.qualitySeconds(900.0, 600, 5)).as("late rows after a slow one get less")
                .isLessThan(first);
        assertThat(BenchRun.qualitySeconds(900.0, 1200, 3)).as("past the budget, the minimum")
                .isEqualTo(BenchRun.MIN_QUALITY_SECONDS);
        assertThat(BenchRun.qualitySeconds(36000.0, 0, 1)).as("never beyond the whole protocol's")
                .isEqualTo(BenchWorker.QUALITY_SECONDS);
    }

    @Test
    void iterativeModelsGetARowPerSamplerAndStepCount() {
        var defaults = new SamplerSettings("dpmpp-2m", 25, 3.0, 0, true);
        var s = new BenchRun.Settings(java.util.List.of(), 2, 50, 1, java.util.List.of(1), "cpu", null, tmp, true,
                false, java.util.List.of("ddim", "euler"), java.util.List.of(10, 20), false, java.util.List.of(), false);
        var rows = BenchRun.variants(defaults, s);
        assertThat(rows).extracting(SamplerSettings::sampler).containsExactly("ddim", "ddim", "euler", "euler");
        assertThat(rows).extracting(SamplerSettings::steps).containsExactly(10, 20, 10, 20);
        assertThat(rows).allSatisfy(v -> assertThat(v.cfg()).isEqualTo(3.0));
        assertThat(BenchRun.variants(null, s)).containsExactly((SamplerSettings) null);
        assertThat(BenchRun.settings(rows.get(1))).containsExactly(java.util.Map.entry("sampler", "ddim"),
                java.util.Map.entry("steps", "20"), java.util.Map.entry("cfg", "3"));
        var none = new BenchRun.Settings(java.util.List.of(), 2, 50, 1, java.util.List.of(1), "cpu", null, tmp, true,
                false, java.util.List.of(), java.util.List.of(), false,
                java.util.List.of(), false);
        assertThat(BenchRun.variants(defaults, none)).containsExactly(defaults);
        var own = new BenchRun.Settings(java.util.List.of(), 2, 50, 1, java.util.List.of(1), "cpu", null, tmp, true,
                false, java.util.List.of("ddim", "ddpm:1000"), java.util.List.of(10, 20), false, java.util.List.of(),
                false);
        assertThat(BenchRun.variants(defaults, own)).extracting(v -> v.sampler() + "@" + v.steps())
                .containsExactly("ddim@10", "ddim@20", "ddpm@1000");
        assertThatThrownBy(() -> BenchRun.SamplerChoice.parse("ddpm:x")).hasMessageContaining("step count");
        var guided = new BenchRun.Settings(java.util.List.of(), 2, 50, 1, java.util.List.of(1), "cpu", null, tmp, true,
                false, java.util.List.of("ddim"), java.util.List.of(10), false, java.util.List.of(1.0, 5.0), false);
        assertThat(BenchRun.variants(defaults, guided)).extracting(SamplerSettings::cfg).containsExactly(1.0, 5.0);
        assertThat(guided.byClass()).as("guidance needs samples that ask for something").isTrue();

        // Stable Diffusion: timed by a unit of its work (one row, no sampler) unless sampler rows are asked for
        var sd = new dev.genlab.model.sd.SdFamily();
        assertThat(sd.defaultSampler(null)).isNotNull();
        assertThat(BenchRun.rows(sd, null, none)).containsExactly((SamplerSettings) null);
        assertThat(BenchRun.rows(sd, null, s)).extracting(v -> v.sampler() + "@" + v.steps())
                .containsExactly("ddim@10", "ddim@20", "euler@10", "euler@20");
        var stepsOnly = new BenchRun.Settings(java.util.List.of(), 2, 50, 1, java.util.List.of(1), "cpu", null, tmp,
                true, false, java.util.List.of(), java.util.List.of(20, 50), false, java.util.List.of(), false);
        assertThat(BenchRun.rows(sd, null, stepsOnly)).extracting(v -> v.sampler() + "@" + v.steps())
                .containsExactly("pndm@20", "pndm@50");
    }

    @Test
    void aGuidanceSweepMeasuresClassAccuracyAndChartsIt() throws Exception {
        Path out = tmp.resolve("guided");
        int exit = quietly("bench", "--quick", "--samples", "50", "--batch-sizes", "1,8", "--cfg", "1,4",
                "--models", "tiny-ddpm,water", "--models-dir", models.toString(), "--out", out.toString());
        assertThat(exit).isZero();
        JsonNode r = ModelDirectory.JSON.readTree(out.resolve("results.json").toFile());
        assertThat(r.get("settings").get("by_class").asBoolean()).isTrue();
        assertThat(r.get("rows")).filteredOn(x -> x.get("model").asText().equals("tiny-ddpm"))
                .extracting(x -> x.get("settings").get("cfg").asText()).containsExactly("1", "4");
        assertThat(r.get("rows")).filteredOn(x -> x.get("model").asText().equals("tiny-ddpm"))
                .allSatisfy(x -> assertThat(x.get("quality").get("class_accuracy").get("mean").asDouble())
                        .isBetween(0.0, 1.0));
        assertThat(Files.readString(out.resolve("report.html"))).contains("Class accuracy vs guidance scale")
                .contains("Quality vs guidance scale").contains("class accuracy ↑");
        assertThat(Files.readString(out.resolve("report.md"))).contains("class accuracy ↑");
        assertThat(r.get("advice")).extracting(a -> a.get("use").asText())
                .contains("guidance scale for tiny-ddpm (follows the class, keeps variety)");
    }

    @Test
    void classBalancedSamplesAskForEachClassInTurn() {
        try (NDManager m = NDManager.newBaseManager()) {
            var registry = dev.genlab.catalog.Catalog.registry(models);
            ModelDirectory dir = registry.find("tiny-gan");
            try (var g = registry.family(dir).load(dir, m)) {
                java.util.List<String> classes = g.classNames();
                var set = ClassBalancedSamples.generate(g, null, classes, 100, 23, 1);
                assertThat(set.images()).hasSize(23);
                for (int i = 0; i < 23; i++) {
                    assertThat(set.asked()[i]).isEqualTo(i % classes.size());
                    var alone = g.generate(new dev.genlab.model.GenerationRequest(new long[] {100 + i}, i % classes.size(),
                            1.0)).get(0).image();
                    assertThat(set.images().get(i).pixels()).as("sample %d: seed 100 + %d, class %d", i, i,
                            i % classes.size()).containsExactly(alone.pixels());
                }
            }
        }
    }

    @Test
    void summaryStatisticsAndConfidenceInterval() {
        Summary s = Summary.of(new double[] {1, 2, 3, 4, 5});
        assertThat(s.median()).isEqualTo(3);
        assertThat(s.mean()).isEqualTo(3);
        assertThat(s.std()).isCloseTo(Math.sqrt(2.5), Offset.offset(1e-12));
        // t(0.975, 4) = 2.776: 3 ± 2.776 · 1.5811 / √5
        assertThat(s.ciHigh() - s.mean()).isCloseTo(2.776 * Math.sqrt(2.5) / Math.sqrt(5), Offset.offset(1e-9));
        assertThat(s.unstable()).isTrue();
        assertThat(Summary.of(new double[] {10, 10.1, 9.9}).unstable()).isFalse();
    }
}
