package dev.genlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.genlab.TestCli;
import dev.genlab.core.SeededRandom;
import dev.genlab.data.Datasets;
import dev.genlab.data.Image;
import dev.genlab.data.ImageDataset;
import dev.genlab.data.png.PngWriter;
import dev.genlab.modelstore.ModelDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `eval --images DIR`: real test images score near the floor, degraded copies score worse the more degraded. */
class EvalImagesTest {

    @Test
    void aModelsSamplesScoreExactlyAsTheFilesItWrites(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isDirectory(Path.of("models", "dcgan")), "no shipped dcgan");
        assertThat(TestCli.run("generate", "dcgan", "--n", "100", "--seed", "0", "--out", dir.toString()).exit())
                .isZero();
        JsonNode files = ModelDirectory.JSON.readTree(TestCli.run("eval", "--images", dir.toString(), "--json").out());
        JsonNode samples = ModelDirectory.JSON.readTree(TestCli.run("eval", "dcgan", "--n", "100", "--seed", "0",
                "--batch", "1", "--json").out());
        for (String metric : new String[] {"fd_fmnist", "kid", "precision", "recall", "inception_score"}) {
            assertThat(files.get(metric).asDouble()).as(metric).isEqualTo(samples.get(metric).asDouble());
        }
    }

    @Test
    void theFloorIsTakenAtTheSampleSizeAndFallsAsItGrows() {
        assumeTrue(Files.isDirectory(Path.of("models", "classifier")), "no shipped classifier");
        var ref = dev.genlab.metrics.ReferenceStatistics.read(Path.of("models", "classifier"));
        var small = dev.genlab.metrics.QualityMetrics.floor(ref, 200, 0);
        var large = dev.genlab.metrics.QualityMetrics.floor(ref, 2000, 0);
        assertThat(small.n()).isEqualTo(200);
        assertThat(small.fd()).isGreaterThan(large.fd());
        assertThat(dev.genlab.metrics.QualityMetrics.floor(ref, 200, 1).fd()).as("another draw").isNotEqualTo(small.fd());
    }

    @Test
    void realImagesScoreBestAndNoiseRaisesTheDistance(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isDirectory(Path.of("models", "classifier")), "no shipped classifier");
        ImageDataset test;
        try {
            test = Datasets.load(null, 1, 28, 28).test();
        } catch (RuntimeException e) {
            assumeTrue(false, "Fashion-MNIST is not installed (.ci/run installs dataset-fashion-mnist)");
            return;
        }
        double[] fd = new double[3];
        float[] noise = {0f, 0.1f, 0.3f};
        for (int level = 0; level < noise.length; level++) {
            Path folder = dir.resolve("set" + level);
            Files.createDirectories(folder);
            SeededRandom r = new SeededRandom(level);
            for (int i = 0; i < 300; i++) {
                float[] px = test.image(i).pixels().clone();
                for (int k = 0; k < px.length; k++) {
                    px[k] = Math.min(1f, Math.max(0f, px[k] + noise[level] * (float) r.nextGaussian()));
                }
                Files.write(folder.resolve(String.format("%04d.png", i)), PngWriter.encode(new Image(1, 28, 28, px),
                        List.of()));
            }
            var run = TestCli.run("eval", "--images", folder.toString(), "--json");
            assertThat(run.exit()).as(run.err()).isZero();
            JsonNode j = ModelDirectory.JSON.readTree(run.out());
            assertThat(j.get("n").asInt()).isEqualTo(300);
            fd[level] = j.get("fd_fmnist").asDouble();
        }
        assertThat(fd[0]).isLessThan(fd[1]);
        assertThat(fd[1]).isLessThan(fd[2]);
        var both = TestCli.run("eval", "vae", "--images", dir.toString());
        assertThat(both.exit()).isEqualTo(2);

        // against a folder of real images instead of the shipped reference: the clean set scores best there too,
        // and the probabilities behind the Inception Score come out a row per image
        Path realFolder = dir.resolve("real");
        Files.createDirectories(realFolder);
        for (int i = 0; i < 400; i++) {
            Files.write(realFolder.resolve(String.format("%04d.png", i)), PngWriter.encode(test.image(1000 + i),
                    List.of()));
        }
        double[] fdReal = new double[3];
        for (int level = 0; level < 3; level++) {
            Path probs = dir.resolve("probs" + level + ".npy");
            var run = TestCli.run("eval", "--images", dir.resolve("set" + level).toString(), "--real",
                    realFolder.toString(), "--json", "--probabilities-out", probs.toString());
            assertThat(run.exit()).as(run.err()).isZero();
            fdReal[level] = ModelDirectory.JSON.readTree(run.out()).get("fd_fmnist").asDouble();
            var rows = dev.genlab.data.NpyReader.read(probs);
            assertThat(rows.shape()).containsExactly(300, 10);
        }
        assertThat(fdReal[0]).isLessThan(fdReal[1]);
        assertThat(fdReal[1]).isLessThan(fdReal[2]);
        assertThat(fdReal[0]).isNotEqualTo(fd[0]); // another reference, another figure
    }
}
