package dev.genlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.TestCli;
import dev.genlab.data.Image;
import dev.genlab.data.png.PngChunk;
import dev.genlab.data.png.PngWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs that used to end in an internal error: each now gets one line naming the problem, exit 1 or 2. */
class BadInputTest {

    @Test
    void benchBudgetsAreDurations(@TempDir Path dir) {
        for (String[] bad : new String[][] {{"--budget", "soon"}, {"--budget", "10s"}, {"--budget", "15m", "--full"}}) {
            String[] args = new String[2 + bad.length];
            args[0] = "bench";
            args[1] = "--out=" + dir.resolve("b");
            System.arraycopy(bad, 0, args, 2, bad.length);
            var r = TestCli.run(args);
            assertThat(r.exit()).as(String.join(" ", bad)).isEqualTo(2);
            assertThat(r.err().strip()).doesNotContain("\n");
        }
        assertThat(Durations.seconds("1h30m", "--budget")).isEqualTo(5400);
        assertThat(Durations.seconds("900", "--budget")).isEqualTo(900);
        assertThat(Durations.words(900)).isEqualTo("15 min");
        assertThat(Durations.words(3600)).isEqualTo("1 h");
    }

    @Test
    void trainingSizesAreCheckedBeforeUse(@TempDir Path dir) {
        for (String[] args : List.of(new String[] {"--batch-size", "0"}, new String[] {"--epochs", "0"})) {
            var r = TestCli.run("train", "vae", "--out", dir.resolve("m").toString(), args[0], args[1], "--no-progress");
            assertThat(r.exit()).as(args[0]).isEqualTo(2);
            assertThat(r.err().strip()).as(args[0]).startsWith("genlab: " + args[0]).doesNotContain("\n");
        }
        assertThat(dir.resolve("m")).doesNotExist();
    }

    @Test
    void textFromFilesNeverReachesTheTerminalWithItsControlCharacters(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("escapes.png");
        Files.write(png, PngWriter.encode(new Image(1, 2, 2, new float[4]),
                List.of(PngChunk.text("parameters", "a prompt\u001b]0;owned\u0007\u001b[31mred"))));
        var r = TestCli.run("info", png.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).doesNotContain("\u001b").doesNotContain("\u0007").contains("\\u001b");
    }

    @Test
    void aFolderAnotherRunTrainsIntoIsRefused(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("m");
        Files.createDirectories(out);
        try (var ch = java.nio.channels.FileChannel.open(out.resolve(".genlab-train.lock"),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
                var held = ch.lock()) {
            var r = TestCli.run("train", "vae", "--out", out.toString(), "--max-steps", "1", "--no-progress");
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err()).contains("another genlab training run is writing to");
        }
        Files.writeString(out.resolve("config.json"), "{}");
        var overwrite = TestCli.run("train", "vae", "--out", out.toString(), "--max-steps", "1", "--no-progress");
        assertThat(overwrite.exit()).isEqualTo(1);
        assertThat(overwrite.err()).contains("already holds a trained model");
    }

    @Test
    void malformedPngsAreNamedNotCrashedOn(@TempDir Path dir) throws Exception {
        Path headerOnly = dir.resolve("header-only.png");
        Files.write(headerOnly, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        Path badText = dir.resolve("bad-text.png");
        Files.write(badText, PngWriter.encode(new Image(1, 2, 2, new float[4]),
                List.of(new PngChunk(PngChunk.ITXT, new byte[] {'g', 'e', 'n'}))));
        for (Path p : List.of(headerOnly, badText)) {
            var r = TestCli.run("info", p.toString());
            assertThat(r.exit()).as(p.toString()).isEqualTo(1);
            assertThat(r.err().strip()).as(p.toString()).startsWith("genlab: ").doesNotContain("internal error")
                    .doesNotContain("\n");
        }
    }
}
