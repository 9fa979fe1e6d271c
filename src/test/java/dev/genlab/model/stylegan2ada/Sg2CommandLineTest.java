package dev.genlab.model.stylegan2ada;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.TestCli;
import dev.genlab.data.Image;
import dev.genlab.data.ImageFiles;
import dev.genlab.data.NpyReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A user's StyleGAN2-ADA pickle from `genlab models add` to generate, interpolate, convert and bench. */
class Sg2CommandLineTest extends Sg2Fixtures {

    @Test
    void aNetworkPickleIsAddedAndGeneratesAsNvidiasScriptsDo() throws Exception {
        var add = run("models", "add", "ffhq", fx.resolve("sg2-tiny.pkl").toString());
        assertThat(add.exit()).as(add.err()).isZero();
        assertThat(add.out()).contains("StyleGAN2", "network pickle").containsPattern("model hash [0-9a-f]{10}");
        assertThat(run("models").out()).contains("ffhq", "stylegan2-ada", "32x32, z 16, w 16, 8 ws, skip");

        // seed 42 with numpy's latents, ψ 0.7, constant noise: the image the reference makes, as their scripts
        // write it (x·127.5 + 128, truncated)
        Path out = models.resolve("out");
        var gen = run("generate", "ffhq", "--seed", "42", "--truncation", "0.7", "--noise", "const", "--rng", "numpy",
                "--out", out.toString());
        assertThat(gen.exit()).as(gen.err()).isZero();
        Image png = ImageFiles.read(out.resolve("ffhq-000042.png"));
        float[] reference = NpyReader.read(fx.resolve("tiny_img.npy")).values();
        int plane = 32 * 32 * 3;
        int exact = 0;
        for (int i = 0; i < plane; i++) {
            int want = (int) Math.max(0, Math.min(255, Math.floor(reference[plane + i] * 127.5 + 128)));
            int got = Image.toByte(png.pixels()[i]);
            assertThat(Math.abs(got - want)).as("pixel %d", i).isLessThanOrEqualTo(1);
            exact += got == want ? 1 : 0;
        }
        assertThat(exact).isGreaterThan(plane * 99 / 100);

        // every setting is recorded, and --from makes the same image again
        var mixed = run("generate", "ffhq", "--n", "3", "--seed", "5", "--truncation", "0.7", "--mix-seed", "7",
                "--mix-layer", "3", "--noise", "random", "--out", out.toString());
        assertThat(mixed.exit()).as(mixed.err()).isZero();
        Path first = out.resolve("ffhq-000005.png");
        assertThat(new String(Files.readAllBytes(first), java.nio.charset.StandardCharsets.ISO_8859_1))
                .contains("Truncation: 0.7", "Mix seed: 7", "Mix layer: 3", "Noise: random");
        Path again = models.resolve("again");
        assertThat(run("generate", "--from", first.toString(), "ffhq", "--out", again.toString()).exit()).isZero();
        assertThat(ImageFiles.read(again.resolve("ffhq-000005.png"))).isEqualTo(ImageFiles.read(first));

        var walk = run("interpolate", "ffhq", "--seed", "1", "--to-seed", "2", "--space", "w", "--frames", "4",
                "--out", models.resolve("walk").toString());
        assertThat(walk.exit()).as(walk.err()).isZero();
        assertThat(models.resolve("walk").resolve("ffhq-1-to-2-strip.png")).exists();
    }

    @Test
    void aConvertedPickleLoadsFromSafetensorsWithTheSamePixels() throws Exception {
        Path st = models.resolve("ffhq.safetensors");
        assertThat(TestCli.run("convert", fx.resolve("sg2-cond.pkl").toString(), st.toString()).exit()).isZero();
        assertThat(run("models", "add", "pkl", fx.resolve("sg2-cond.pkl").toString()).exit()).isZero();
        var add = run("models", "add", "st", st.toString());
        assertThat(add.exit()).as(add.err()).isZero();
        assertThat(add.out()).contains("safetensors");
        for (String name : new String[] {"pkl", "st"}) {
            assertThat(run("generate", name, "--n", "2", "--seed", "0", "--class", "2", "--out",
                    models.resolve(name).toString()).exit()).isZero();
        }
        assertThat(ImageFiles.read(models.resolve("st").resolve("st-000000.png")))
                .isEqualTo(ImageFiles.read(models.resolve("pkl").resolve("pkl-000000.png")));
    }

    @Test
    void badPicklesAndSettingsGetOneLine() throws Exception {
        var foreign = run("models", "add", "evil", fx.resolve("sg2-foreign.pkl").toString());
        assertThat(foreign.exit()).isEqualTo(1);
        assertThat(foreign.err().strip()).contains("posix.system").doesNotContain("\n").doesNotContain("Exception");
        assertThat(models.resolve("evil")).doesNotExist();
        var sg3 = run("models", "add", "sg3", fx.resolve("sg3-like.pkl").toString());
        assertThat(sg3.exit()).isEqualTo(1);
        assertThat(sg3.err()).contains("not supported yet", "StyleGAN3");

        // a tensor of the wrong shape is named when the network is built from it
        assertThat(run("models", "add", "bad", fx.resolve("sg2-badshape.pkl").toString()).exit()).isZero();
        var shape = run("generate", "bad", "--out", models.resolve("bad").toString());
        assertThat(shape.exit()).isEqualTo(1);
        assertThat(shape.err().strip()).contains("synthesis.b8.conv1.affine.weight", "shape").doesNotContain("\n");

        assertThat(run("models", "add", "ffhq", fx.resolve("sg2-tiny.pkl").toString()).exit()).isZero();
        for (String[] bad : new String[][] {{"--truncation", "3"}, {"--rng", "torch"},
            {"--mix-seed", "1", "--mix-layer", "99"}, {"--noise", "loud"}}) {
            String[] args = new String[3 + bad.length];
            args[0] = "generate";
            args[1] = "ffhq";
            args[2] = "--out=" + models.resolve("bad");
            System.arraycopy(bad, 0, args, 3, bad.length);
            var r = run(args);
            assertThat(r.exit()).as(String.join(" ", bad)).isEqualTo(2);
            assertThat(r.err().strip()).doesNotContain("\n");
        }
    }

    @Test
    void libtorchsNnpackNoticeStaysOffTheTerminal() throws Exception {
        assertThat(run("models", "add", "ffhq", fx.resolve("sg2-tiny.pkl").toString()).exit()).isZero();
        // a process of its own: the notice is native output that System.err in this JVM would not see
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), "dev.genlab.cli.Main",
                "generate", "ffhq", "--n", "1", "--models-dir", models.toString(), "--out",
                models.resolve("quiet").toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes());
        assertThat(p.waitFor()).as(err).isZero();
        assertThat(err).doesNotContain("NNPACK");
    }

    @Test
    void benchTimesAUsersNetworkAndSaysWhyQualityIsNotMeasured() throws Exception {
        assertThat(run("models", "add", "ffhq", fx.resolve("sg2-tiny.pkl").toString()).exit()).isZero();
        Path bench = models.resolve("bench");
        var r = run("bench", "--models", "ffhq", "--quick", "--reps", "2", "--batch-sizes", "1,4", "--out",
                bench.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(bench.resolve("report.md")).content().contains("ffhq", "trained on its own data");
        assertThat(r.err()).doesNotContain("NNPACK");
    }
}
