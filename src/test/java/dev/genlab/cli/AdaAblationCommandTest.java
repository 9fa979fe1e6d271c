package dev.genlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.genlab.TestCli;
import dev.genlab.TestData;
import dev.genlab.modelstore.ModelDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `train ada-ablation` on tiny data: two runs of the same length, ADA's p only in one, the card section kept once. */
class AdaAblationCommandTest {

    @TempDir
    Path tmp;

    @Test
    void trainsBothArmsForTheSameStepsAndWritesTheCardSectionOnce() throws Exception {
        Path data = TestData.fashionLike(tmp.resolve("data"), 64, 16);
        Path card = Files.createDirectories(tmp.resolve("card"));
        Files.writeString(card.resolve("MODEL_CARD.md"), "# Model card: tiny\n\nWritten by hand.\n");
        Path out = tmp.resolve("ablation");
        String[] args = {"train", "ada-ablation", "--data", data.toString(), "--out", out.toString(), "--images", "32",
            "--steps", "4", "--batch-size", "16", "--latent", "8", "--w-dim", "8", "--mapping-layers", "2",
            "--channels", "8", "--r1-interval", "2", "--seed", "3", "--no-progress", "--threads", "1",
            "--models-dir", Files.createDirectories(tmp.resolve("no-models")).toString(), "--card", card.toString()};
        TestCli.Run run = TestCli.run(args);
        assertThat(run.exit()).as(run.err()).isZero();

        JsonNode r = ModelDirectory.JSON.readTree(out.resolve("ablation.json").toFile());
        assertThat(r.get("arms").get("no-ada").get("steps").asLong()).isEqualTo(4);
        assertThat(r.get("arms").get("ada").get("steps").asLong()).isEqualTo(4);
        assertThat(r.get("arms").get("no-ada").get("final_p").isNull()).as("no augmentation without ADA").isTrue();
        assertThat(r.get("arms").get("ada").get("final_p").isNumber()).as("ADA's p is reported").isTrue();
        assertThat(r.get("arms").get("ada").get("final_p").asDouble()).isBetween(0.0, 1.0);
        assertThat(out.resolve("no-ada/config.json")).isNotEmptyFile();
        assertThat(out.resolve("ada/config.json")).isNotEmptyFile();
        assertThat(Files.readString(out.resolve("ABLATION.md"))).contains("| no-ada | 4 |").contains("| ada | 4 |");

        // again, resumed (nothing left to train): the card still has one section, and its own text
        String[] again = java.util.Arrays.copyOf(args, args.length + 1);
        again[args.length] = "--resume";
        assertThat(TestCli.run(again).exit()).isZero();
        String text = Files.readString(card.resolve("MODEL_CARD.md"));
        assertThat(text).startsWith("# Model card: tiny\n\nWritten by hand.\n");
        assertThat(text.split("## ADA ablation", -1)).hasSize(2);
    }

    @Test
    void refusesTheOptionsItSetsItself() {
        TestCli.Run run = TestCli.run("train", "ada-ablation", "--out", tmp.resolve("x").toString(), "--steps", "4",
                "--limit", "100");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--images and --steps");
    }
}
