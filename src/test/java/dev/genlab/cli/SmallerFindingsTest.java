package dev.genlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.TestCli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The smaller findings of the reliability probe (item 8), each as a user meets it. */
class SmallerFindingsTest {

    @TempDir
    Path tmp;

    @Test
    void benchResumeOfAFolderWithNoRunIsAUsageErrorNotANewRun() {
        var r = TestCli.run("bench", "--resume", "--out", tmp.resolve("nothing-here").toString(), "--quick");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).contains("holds no bench run to continue").doesNotContain("\n");
        assertThat(tmp.resolve("nothing-here")).doesNotExist();
    }

    @Test
    void aConfigValueOfTheWrongTypeIsNamedNotReadAsZero() throws Exception {
        Path models = tmp.resolve("models");
        Path vae = Files.createDirectories(models.resolve("vae"));
        try (var files = Files.list(Path.of("models", "vae"))) {
            for (Path f : files.toList()) {
                Files.copy(f, vae.resolve(f.getFileName()));
            }
        }
        Path config = vae.resolve("config.json");
        Files.writeString(config, Files.readString(config).replaceFirst("\"latent_dim\"\\s*:\\s*\\d+",
                "\"latent_dim\" : \"abc\""));
        var r = TestCli.run("generate", "vae", "--models-dir", models.toString(), "--n", "1", "--db", "off", "--out",
                tmp.resolve("o").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip()).contains("network.latent_dim must be an integer, got \"abc\"")
                .doesNotContain("got 0").doesNotContain("\n");
    }

    @Test
    void aLongPromptIsQuotedByItsStartInTheWarning() {
        String prompt = "a red shoe ".repeat(1000);
        var r = TestCli.run("generate", "ldm", prompt, "--n", "1", "--steps", "2", "--db", "off", "--out",
                tmp.resolve("o").toString());
        assertThat(r.exit()).isZero();
        assertThat(r.err()).contains("longer than the text encoder's").contains("more characters");
        assertThat(r.err().length()).isLessThan(600);
    }

    @Test
    void aGridTooLargeForMemoryIsRefusedBeforeAnyImageIsMade() throws Exception {
        Path out = tmp.resolve("grid");
        var r = TestCli.run("generate", "fbm", "-P", "size=8192x8192", "--n", "64", "--grid", "--db", "off", "--out",
                out.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip()).contains("--grid of 64 8192x8192 images needs").contains("GB is free")
                .doesNotContain("\n");
        assertThat(out).doesNotExist();
    }

    @Test
    void aFolderGivenAsAnImageIsNamedAsAFolder() {
        var r = TestCli.run("classify", tmp.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip()).contains("is a folder, not an image");
    }

    @Test
    void aTrainingBatchTooBigForTheMachineIsRefusedBeforeTheFirstStep() throws Exception {
        // 40,000 images a step of the DDPM UNet need hundreds of GB; it was killed by the kernel after 42 s, no word
        Path data = dev.genlab.data.SyntheticBars.write(tmp.resolve("bars"), 40_000, 10);
        Path out = tmp.resolve("ddpm");
        var r = TestCli.run("train", "ddpm", "--data", data.toString(), "--batch-size", "40000", "--epochs", "1",
                "--out", out.toString());
        assertThat(r.exit()).isEqualTo(1);
        String error = r.err().strip().lines().reduce((first, second) -> second).orElseThrow(); // after the plan
        assertThat(error).startsWith("genlab: a training step on --batch-size 40000").contains("MB an image")
                .contains("GB of memory").contains("use a smaller --batch-size");
        assertThat(out.resolve("model.safetensors")).doesNotExist();
    }
}
