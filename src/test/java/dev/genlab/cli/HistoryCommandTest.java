package dev.genlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.TestCli;
import dev.genlab.modelstore.ModelDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `genlab generate` records each image in the run database; `genlab history` lists them. */
class HistoryCommandTest {

    @TempDir
    Path tmp;

    @Test
    void generatedImagesAreListedByModelAndAsJson() throws Exception {
        String db = tmp.resolve("runs/genlab.db").toString();
        Path out = tmp.resolve("out");
        assertThat(TestCli.run("generate", "dcgan", "--n", "2", "--seed", "10", "--out", out.toString(), "--db", db)
                .exit()).isZero();
        assertThat(TestCli.run("generate", "ldm", "a pair of sneakers", "--n", "1", "--seed", "3", "--steps", "2",
                "--out", out.toString(), "--db", db).exit()).isZero();

        var all = TestCli.run("history", "--db", db);
        assertThat(all.exit()).isZero();
        assertThat(all.out().lines().skip(1).toList()).hasSize(3);
        assertThat(all.out().lines().skip(1).findFirst().orElseThrow()).contains("ldm").contains("\"a pair of sneakers\"")
                .contains(out.resolve("ldm-000003.png").toString());

        var dcgan = TestCli.run("history", "--db", db, "--model", "dcgan", "--json");
        assertThat(dcgan.exit()).isZero();
        var lines = dcgan.out().lines().toList();
        assertThat(lines).hasSize(2);
        var newest = ModelDirectory.JSON.readTree(lines.get(0));
        assertThat(newest.get("seed").asLong()).isEqualTo(11);
        assertThat(newest.get("source").asText()).isEqualTo("cli");
        assertThat(Path.of(newest.get("path").asText())).exists();
        assertThat(newest.get("seconds").asDouble()).isPositive();
        // the stored parameters are the PNG's own
        var texts = dev.genlab.data.png.PngReader.texts(Files.readAllBytes(Path.of(newest.get("path").asText())), "png");
        assertThat(newest.get("parameters").asText()).isEqualTo(texts.get("parameters"));

        assertThat(TestCli.run("history", "--db", db, "--since", "1h").out().lines().skip(1).toList()).hasSize(3);
        assertThat(TestCli.run("history", "--db", db, "--since", "2099-01-01").out()).startsWith("no images recorded");
    }

    @Test
    void badArgumentsAreUsageErrorsAndAnUnusableDatabaseDoesNotStopGenerate() throws Exception {
        var since = TestCli.run("history", "--db", tmp.resolve("h.db").toString(), "--since", "last tuesday");
        assertThat(since.exit()).isEqualTo(2);
        assertThat(since.err().strip()).contains("--since").doesNotContain("\n");
        assertThat(TestCli.run("history", "--db", "off").exit()).isEqualTo(2);

        Path notADatabase = tmp.resolve("text.db");
        Files.writeString(notADatabase, "just text, not SQLite ".repeat(100));
        var gen = TestCli.run("generate", "dcgan", "--n", "1", "--seed", "1", "--out", tmp.resolve("o").toString(),
                "--db", notADatabase.toString());
        assertThat(gen.exit()).isZero();
        assertThat(gen.err()).contains("warning: not recorded in the run database").contains("text.db");
        assertThat(tmp.resolve("o/dcgan-000001.png")).exists();
        var list = TestCli.run("history", "--db", notADatabase.toString());
        assertThat(list.exit()).isEqualTo(1);
        assertThat(list.err().strip()).contains("text.db").doesNotContain("\n");
    }
}
