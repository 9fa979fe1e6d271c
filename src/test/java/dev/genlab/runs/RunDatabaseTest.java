package dev.genlab.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genlab.bench.BenchResults;
import dev.genlab.bench.Summary;
import dev.genlab.core.GenlabException;
import dev.genlab.model.GenerationRecord;
import dev.genlab.model.SamplerSettings;
import dev.genlab.modelstore.ModelDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDatabaseTest {

    @TempDir
    Path dir;

    static GenerationRecord record(String model, long seed, String prompt) {
        return GenerationRecord.builder("0.1.0", "abc").model(model, "ldm", "0123456789abcdef")
                .seeds(seed, seed, 0, new GenerationRecord.MicroBatch(seed, 1, 0)).image(1.0, 32, 32)
                .runtime("cpu", 2).settings(new SamplerSettings("ddim", 20, 3.0, 0, false),
                        Map.of(GenerationRecord.PROMPT, prompt)).build();
    }

    @Test
    void imagesAreStoredAndListedNewestFirstByModelAndTime() throws Exception {
        Path file = dir.resolve("sub/genlab.db");
        try (RunDatabase db = RunDatabase.open(RunDatabaseLocation.ofFile(file))) {
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
        try (RunDatabase db = RunDatabase.open(RunDatabaseLocation.ofFile(file))) {
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
        try (RunDatabase db = RunDatabase.open(RunDatabaseLocation.ofFile(dir.resolve("genlab.db")))) {
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

    @Test
    void anUnusableLocationIsOneLineNamingIt() throws Exception {
        Path blocker = dir.resolve("file");
        Files.writeString(blocker, "not a folder");
        assertThatThrownBy(() -> RunDatabase.open(RunDatabaseLocation.ofFile(blocker.resolve("genlab.db"))))
                .isInstanceOf(GenlabException.class).hasMessageContaining(blocker.toString())
                .hasMessageContaining("--db off").message().doesNotContain("\n");
        Path notSqlite = dir.resolve("x.db");
        Files.writeString(notSqlite, "this is not a database, just some text that is long enough ".repeat(20));
        assertThatThrownBy(() -> RunDatabase.open(RunDatabaseLocation.ofFile(notSqlite)))
                .isInstanceOf(GenlabException.class).hasMessageContaining("x.db").message().doesNotContain("\n");
    }

    @Test
    void theSchemaVersionIsTheNewestMigration() throws Exception {
        var url = RunDatabase.class.getClassLoader().getResource("db/migration/sqlite");
        int newest = 0;
        try (var files = Files.list(Path.of(url.toURI()))) {
            for (Path f : files.toList()) {
                var m = java.util.regex.Pattern.compile("V(\\d+)__.*\\.sql").matcher(f.getFileName().toString());
                if (m.matches()) {
                    newest = Math.max(newest, Integer.parseInt(m.group(1)));
                }
            }
        }
        assertThat(RunDatabase.SCHEMA_VERSION).isEqualTo(newest);
        try (RunDatabase db = RunDatabase.open(RunDatabaseLocation.ofFile(dir.resolve("v.db")));
                var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("v.db"))) {
            assertThat(RunDatabase.schemaVersion(c)).isEqualTo(newest);
        }
    }

    @Test
    void sinceTakesDatesTimesAndAges() {
        Instant now = Instant.parse("2026-12-03T12:00:00Z");
        assertThat(HistoryQuery.parseSince("2026-12-01", now)).isEqualTo("2026-12-01T00:00:00.000Z");
        assertThat(HistoryQuery.parseSince("2026-12-01T14:30:00+01:00", now)).isEqualTo("2026-12-01T13:30:00.000Z");
        assertThat(HistoryQuery.parseSince("90m", now)).isEqualTo("2026-12-03T10:30:00.000Z");
        assertThat(HistoryQuery.parseSince("7d", now)).isEqualTo("2026-11-26T12:00:00.000Z");
        assertThatThrownBy(() -> HistoryQuery.parseSince("yesterday", now)).hasMessageContaining("--since");
        assertThat(RunDatabaseLocation.parse("jdbc:sqlite:x.db").file()).isEqualTo(Path.of("x.db"));
        assertThatThrownBy(() -> RunDatabaseLocation.parse("jdbc:mysql://h/db")).hasMessageContaining("SQLite");
    }
}
