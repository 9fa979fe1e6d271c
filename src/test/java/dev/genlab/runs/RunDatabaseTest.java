package dev.genlab.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genlab.core.GenlabException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite file's own behaviour: where it may live, its schema version; the contract runs in SqliteRunDatabaseTest. */
class RunDatabaseTest {

    @TempDir
    Path dir;

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
        int newest = 0;
        for (String vendor : new String[] {"sqlite", "postgresql"}) {
            var url = RunDatabase.class.getClassLoader().getResource("db/migration/" + vendor);
            java.util.List<String> names;
            try (var files = Files.list(Path.of(url.toURI()))) {
                names = files.map(f -> f.getFileName().toString()).sorted().toList();
            }
            int vendorNewest = names.stream().map(java.util.regex.Pattern.compile("V(\\d+)__.*\\.sql")::matcher)
                    .filter(java.util.regex.Matcher::matches).mapToInt(m -> Integer.parseInt(m.group(1))).max()
                    .orElse(0);
            assertThat(vendorNewest).as(vendor + " migrations").isEqualTo(RunDatabase.SCHEMA_VERSION);
            newest = vendorNewest;
        }
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
        var pg = RunDatabaseLocation.parse("jdbc:postgresql://db.lab/runs?user=ann&password=s3cret&ssl=true");
        assertThat(pg.postgres()).isTrue();
        assertThat(pg.describe()).contains("db.lab/runs").contains("user=ann").doesNotContain("s3cret");
        assertThatThrownBy(() -> RunDatabaseLocation.parse("jdbc:mysql://h/db")).hasMessageContaining("PostgreSQL");
    }
}
