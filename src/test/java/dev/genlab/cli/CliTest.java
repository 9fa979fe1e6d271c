package dev.genlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.genlab.TestData;
import dev.genlab.data.png.A1111Parameters;
import dev.genlab.data.png.PngReader;
import dev.genlab.model.vae.VaeTrainer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI as a user runs it: exit codes, one-line errors, reproducible files. */
class CliTest {

    @TempDir
    static Path tmp;
    static Path models;

    record Run(int exit, String out, String err) {}

    @BeforeAll
    static void trainTinyModel() throws Exception {
        Path data = TestData.fashionLike(tmp.resolve("data"), 64, 16);
        models = tmp.resolve("models");
        try (NDManager m = NDManager.newBaseManager()) {
            var common = new dev.genlab.train.TrainingOptions(data, models.resolve("tiny"), 1, 16, 1e-3f, 1, false, 0, 0,
                    100, false, "test", "tiny");
            new VaeTrainer(new PrintStream(OutputStream.nullOutputStream()))
                    .train(new VaeTrainer.Options(common, 4, 8, 1.0, true), m);
        }
    }

    static Run run(String... args) {
        var r = dev.genlab.TestCli.run(args);
        return new Run(r.exit(), r.out(), r.err());
    }

    static Run gen(Path out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("generate", "tiny", "--models-dir", models.toString(),
                "--out", out.toString()));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    static List<Path> pngs(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".png")).sorted().toList();
        }
    }

    static void assertOneLineError(Run r, int exit, String... fragments) {
        assertThat(r.exit()).as(r.err()).isEqualTo(exit);
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).startsWith("genlab: ").doesNotContain("Exception", "\tat ");
        for (String f : fragments) {
            assertThat(r.err()).contains(f);
        }
    }

    @Test
    void sameSeedGivesByteIdenticalFilesAndOtherSeedsDiffer() throws Exception {
        assertThat(gen(tmp.resolve("a"), "--n", "3", "--seed", "10").exit()).isZero();
        assertThat(gen(tmp.resolve("b"), "--n", "3", "--seed", "10").exit()).isZero();
        assertThat(gen(tmp.resolve("c"), "--n", "3", "--seed", "11").exit()).isZero();
        List<Path> a = pngs(tmp.resolve("a"));
        List<Path> b = pngs(tmp.resolve("b"));
        assertThat(a).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(Files.readAllBytes(b.get(i))).isEqualTo(Files.readAllBytes(a.get(i)));
        }
        // seeds 11, 12 of run c are images 2 and 3 of run a: same pixels (and the same seed in the record)
        List<Path> c = pngs(tmp.resolve("c"));
        assertThat(c.get(0).getFileName().toString()).isEqualTo("tiny-000011.png");
        assertThat(Files.readAllBytes(c.get(0))).isNotEqualTo(Files.readAllBytes(a.get(0)));
    }

    @Test
    void parametersChunkFollowsA1111AndFromReproducesTheBytes() throws Exception {
        Path dir = tmp.resolve("from");
        assertThat(gen(dir, "--n", "4", "--seed", "100", "--batch", "2", "--class", "dress").exit()).isZero();
        Path third = dir.resolve("tiny-000102.png");
        var texts = PngReader.texts(Files.readAllBytes(third), "x");
        A1111Parameters p = A1111Parameters.parse(texts.get("parameters"));
        assertThat(p.settings()).containsEntry("Seed", "102").containsEntry("Size", "28x28")
                .containsEntry("Model", "tiny").containsEntry("Class", "dress").containsEntry("Batch size", "2")
                .containsEntry("Batch pos", "0").containsKey("Model hash");
        assertThat(texts.get("genlab")).contains("\"seed\" : 102");

        Run again = run("generate", "--from", third.toString(), "--models-dir", models.toString(),
                "--out", tmp.resolve("again").toString());
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(Files.readAllBytes(tmp.resolve("again/tiny-000102.png"))).isEqualTo(Files.readAllBytes(third));

        Run info = run("info", third.toString());
        assertThat(info.exit()).isZero();
        assertThat(info.out()).contains("Seed: 102").contains("\"batch_seed\" : 100");
    }

    @Test
    void gridAndNumberedNamesInsteadOfOverwriting() throws Exception {
        Path dir = tmp.resolve("grid");
        assertThat(gen(dir, "--n", "2", "--seed", "1", "--grid").exit()).isZero();
        assertThat(gen(dir, "--n", "2", "--seed", "1").exit()).isZero();
        assertThat(dir.resolve("tiny-grid-000001.png")).exists();
        assertThat(dir.resolve("tiny-000001-1.png")).exists();
    }

    @Test
    void badInputIsOneLineWithoutATrace() throws Exception {
        Path out = tmp.resolve("bad");
        // a name the command line got wrong is a usage error (2), even when it is checked against the models
        assertOneLineError(run("generate", "nosuchmodel", "--models-dir", models.toString()), 2,
                "unknown model 'nosuchmodel'", "tiny");
        // values out of range are usage errors (2), like unparsable ones; problems found while running are 1
        assertOneLineError(gen(out, "--n", "0"), 2, "--n must be between 1");
        assertOneLineError(gen(out, "--n", "99999999"), 2, "--n must be between 1");
        assertOneLineError(gen(out, "--seed", "-3"), 2, "--seed must be between 0");
        assertOneLineError(gen(out, "--class", "hat"), 2, "unknown class 'hat'", "sneaker");
        assertOneLineError(gen(out, "--n", "many"), 2, "--n");
        assertOneLineError(run("generate", "--bogus"), 2, "--bogus");
        assertOneLineError(run("info", tmp.resolve("missing.png").toString()), 1, "not found");
        Path notPng = tmp.resolve("not.png");
        Files.writeString(notPng, "hello");
        assertOneLineError(run("info", notPng.toString()), 1, "not a PNG");
        assertOneLineError(run("train", "vae", "--out", tmp.resolve("t").toString(), "--data",
                tmp.resolve("nodata").toString()), 1, "data folder not found");
        assertOneLineError(run("reconstruct", "tiny", "--models-dir", models.toString(), notPng.toString()), 1,
                "not.png");
        assertThat(out).doesNotExist();
    }

    @Test
    void corruptWeightsAreReportedNotThrown() throws Exception {
        Path broken = tmp.resolve("broken-models");
        Files.createDirectories(broken.resolve("tiny"));
        for (String f : new String[] {"config.json", "MODEL_CARD.md"}) {
            Files.copy(models.resolve("tiny").resolve(f), broken.resolve("tiny").resolve(f));
        }
        byte[] weights = Files.readAllBytes(models.resolve("tiny/model.safetensors"));
        Files.write(broken.resolve("tiny/model.safetensors"), java.util.Arrays.copyOf(weights, weights.length - 100));
        assertOneLineError(run("generate", "tiny", "--models-dir", broken.toString(), "--out",
                tmp.resolve("never").toString()), 1, "corrupt weights file");
        assertThat(tmp.resolve("never")).doesNotExist();
    }

    @Test
    void modelsReconstructAndInterpolateWork() throws Exception {
        Run models = run("models", "--models-dir", CliTest.models.toString());
        assertThat(models.exit()).isZero();
        assertThat(models.out()).contains("tiny").contains("vae").contains("-ELBO");

        gen(tmp.resolve("rin"), "--n", "2", "--seed", "3");
        List<Path> inputs = pngs(tmp.resolve("rin"));
        Run rec = run("reconstruct", "tiny", "--models-dir", CliTest.models.toString(), "--out",
                tmp.resolve("rout").toString(), inputs.get(0).toString(), inputs.get(1).toString());
        assertThat(rec.exit()).as(rec.err()).isZero();
        assertThat(rec.out()).contains("PSNR").contains("mean over 2 image(s)");
        assertThat(tmp.resolve("rout/tiny-comparison.png")).exists();
        // tiles are Stable Diffusion's VAE's: other autoencoders say so in one line
        Run tiled = run("reconstruct", "tiny", "--models-dir", CliTest.models.toString(), "--tile", "64", "--out",
                tmp.resolve("tout").toString(), inputs.get(0).toString());
        assertThat(tiled.exit()).isEqualTo(2);
        assertThat(tiled.err().strip()).contains("--tile", "Stable Diffusion").doesNotContain("\n");
        assertThat(tmp.resolve("tout")).doesNotExist();

        Run interp = run("interpolate", "tiny", "--models-dir", CliTest.models.toString(), "--seed", "1",
                "--to-seed", "2", "--frames", "5", "--out", tmp.resolve("iout").toString());
        assertThat(interp.exit()).as(interp.err()).isZero();
        assertThat(pngs(tmp.resolve("iout"))).hasSize(6);
    }

    @Test
    void versionNamesTheCommit() {
        Run v = run("--version");
        assertThat(v.exit()).isZero();
        assertThat(v.out()).startsWith("genlab ").contains("commit");
    }
}
