package dev.genlab.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.bench.BenchResults;
import dev.genlab.model.GenerationRecord;
import dev.genlab.model.SamplerSettings;
import dev.genlab.modelstore.ModelDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every kind of run database does the same: stores images and bench runs, lists them, imports once. */
abstract class RunDatabaseContract {

    @TempDir
    Path dir;

    /** An empty database of this kind. */
    abstract RunDatabaseLocation fresh(String name) throws Exception;

    static GenerationRecord record(String model, long seed, String prompt) {
        return GenerationRecord.builder("0.1.0", "abc").model(model, "ldm", "0123456789abcdef")
                .seeds(seed, seed, 0, new GenerationRecord.MicroBatch(seed, 1, 0)).image(1.0, 32, 32)
                .runtime("cpu", 2).settings(new SamplerSettings("ddim", 20, 3.0, 0, false),
                        Map.of(GenerationRecord.PROMPT, prompt)).build();
    }

    @Test
    void imagesAreStoredAndListedNewestFirstByModelAndTime() throws Exception {
        RunDatabaseLocation where = fresh("images");
        try (RunDatabase db = RunDatabase.open(where)) {
            long a = db.addImage(ImageEntry.of(record("ldm", 1, "a shoe"), dir.resolve("a.png"), 0.5, 300.0, "cli"));
            Thread.sleep(5);
            String between = Timestamps.now();
            Thread.sleep(5);
            long b = db.addImage(ImageEntry.of(record("ldm", 2, "a bag"), dir.resolve("b.png"), 0.4, null, "server"));
            db.addImage(ImageEntry.of(record("other", 3, "x"), dir.resolve("c.png"), 0.3, 1.0, "cli"));

            List<ImageEntry> ldm = db.images(new HistoryQuery("ldm", null, 100));
            assertThat(ldm).extracting(ImageEntry::id).containsExactly(b, a);
            ImageEntry first = ldm.get(0);
            assertThat(first.prompt()).isEqualTo("a bag");
            assertThat(first.sampler()).isEqualTo("ddim");
            assertThat(first.steps()).isEqualTo(20);
            assertThat(first.rssMb()).isNull();
            assertThat(first.source()).isEqualTo("server");
            assertThat(first.path()).isEqualTo(dir.resolve("b.png").toAbsolutePath().toString());
            assertThat(first.parameters()).startsWith("a bag").contains("Seed: 2");
            assertThat(GenerationRecord.fromJson(first.record(), "db").seed()).isEqualTo(2);
            assertThat(db.images(new HistoryQuery(null, between, 100))).extracting(ImageEntry::seed)
                    .containsExactlyInAnyOrder(2L, 3L);
            assertThat(db.images(new HistoryQuery(null, null, 1))).hasSize(1);
            assertThat(db.image(a)).get().extracting(ImageEntry::seed).isEqualTo(1L);
            assertThat(db.image(12345)).isEmpty();
        }
        // opened again: the schema is current, nothing is migrated twice, the images are still there
        try (RunDatabase db = RunDatabase.open(where)) {
            assertThat(db.images(new HistoryQuery(null, null, 100))).hasSize(3);
        }
    }

    @Test
    void benchRunsKeepTheirRowsAndFailuresAndTheOldHistoryImportsOnce() throws Exception {
        Path history = dir.resolve("history.jsonl");
        var json = ModelDirectory.JSON.copy().disable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);
        Files.writeString(history, json.writeValueAsString(SampleBenchRuns.results("2026-12-01T10:00:00.5Z", "dcgan")) + "\n"
                + "{\"schema\":\"genlab.bench/1\", cut short by a crash\n"
                + json.writeValueAsString(SampleBenchRuns.results("2026-12-02T10:00:00Z", "vae", "dcgan")) + "\n");
        try (RunDatabase db = RunDatabase.open(fresh("bench"))) {
            assertThat(db.importHistory(history)).isEqualTo(2);
            assertThat(db.importHistory(history)).isZero();
            long id = db.addBenchRun(SampleBenchRuns.results("2026-12-03T10:00:00Z", "pixelcnn"), dir.resolve("bench/x"));

            List<BenchRunEntry> all = db.benchRuns(new HistoryQuery(null, null, 10));
            assertThat(all).extracting(BenchRunEntry::created).containsExactly("2026-12-03T10:00:00.000Z",
                    "2026-12-02T10:00:00.000Z", "2026-12-01T10:00:00.500Z");
            assertThat(all.get(0).id()).isEqualTo(id);
            assertThat(all.get(0).dir()).endsWith("bench/x");
            assertThat(all.get(1).rows()).extracting(BenchRunEntry.Row::model).containsExactly("vae", "dcgan",
                    "broken");
            BenchRunEntry.Row measured = all.get(1).rows().get(0);
            assertThat(measured.secondsPerImage()).isEqualTo(0.015);
            assertThat(measured.imagesPerSecond()).isEqualTo(500);
            assertThat(measured.failure()).isNull();
            assertThat(all.get(1).rows().get(2).failure()).isEqualTo("its weights hold NaN");
            assertThat(db.benchRuns(new HistoryQuery("dcgan", null, 10))).hasSize(2);
            assertThat(db.benchRuns(new HistoryQuery(null, "2026-12-02T00:00:00.000Z", 10))).hasSize(2);
            assertThat(json.readValue(db.benchResults(id).orElseThrow(), BenchResults.class).rows().get(0).model())
                    .isEqualTo("pixelcnn");
        }
    }
}
