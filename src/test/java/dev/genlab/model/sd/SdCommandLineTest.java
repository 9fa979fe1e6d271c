package dev.genlab.model.sd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.TestCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** `genlab models add` and `genlab reconstruct` on the fixture checkpoints, as a user runs them. */
class SdCommandLineTest extends SdFixtureTest {




    @Test
    void aUsersCheckpointIsAddedListedAndReconstructs() throws Exception {
        for (String f : List.of("sd1-tiny.safetensors", "sd1-tiny.ckpt", "sd1-tiny-diffusers")) {
            String name = "sd-" + f.replace('.', '-');
            var add = TestCli.run("models", "add", name, fx.resolve(f).toString(), "--models-dir", models.toString());
            assertThat(add.exit()).as(add.err()).isZero();
            assertThat(add.out()).contains("Stable Diffusion 1.x").containsPattern("model hash [0-9a-f]{10}");
            Path out = models.resolve("out-" + name);
            var rec = TestCli.run("reconstruct", name, fx.resolve("face.png").toString(), "--models-dir",
                    models.toString(), "--out", out.toString());
            assertThat(rec.exit()).as(rec.err()).isZero();
            assertThat(rec.out()).contains("PSNR");
            assertThat(out.resolve("face-recon.png")).exists();
            // where no vocabulary is found, prompts cannot be tokenized: one line says how to give one
            var gen = TestCli.run("generate", name, "a cat", "--size", "64x64", "--models-dir", models.toString(),
                    "--out", out.toString(), "--steps", "1");
            if (gen.exit() != 0) {
                assertThat(gen.exit()).isEqualTo(1);
                assertThat(gen.err().strip()).contains("no CLIP vocabulary", "--tokenizer PATH --force")
                        .doesNotContain("\n");
            }
        }
        var list = TestCli.run("models", "--models-dir", models.toString());
        assertThat(list.out()).contains("sd-sd1-tiny-ckpt", "your checkpoint (fp32, hash");
    }

    @Test
    void theStudysProtocolRunsOnAUsersCheckpoint() throws Exception {
        Path vocab = Path.of("..", "shared", "clip", "bpe_simple_vocab_16e6.txt.gz");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(vocab), "no CLIP vocabulary");
        assertThat(TestCli.run("models", "add", "tiny", fx.resolve("sd1-tiny.safetensors").toString(), "--tokenizer",
                vocab.toString(), "--models-dir", models.toString()).exit()).isZero();
        Path out = models.resolve("study");
        var run = TestCli.run("bench", "--study", "tiny", "--steps", "1", "--iterations", "2", "--study-size", "32x32",
                "--models-dir", models.toString(), "--out", out.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("| text to image | tiny (pndm, 1 steps) |", "| VAE | tiny VAE (32x32 encode + "
                + "decode) |", "| 7.93 | 5619 | 4271 |");
        assertThat(out.resolve("study.md")).content().contains("Table 3.1");
        assertThat(dev.genlab.data.ImageFiles.read(out.resolve("study-face.png")).width()).isEqualTo(32);
        var wrong = TestCli.run("bench", "--study", "tiny", "--steps", "1,2", "--models-dir", models.toString());
        assertThat(wrong.exit()).isEqualTo(2);

        // bench times a checkpoint by its phases; Table 3.1 says its time is a unit's, not an image's
        Path bench = models.resolve("bench");
        var timed = TestCli.run("bench", "--models", "tiny", "--quick", "--reps", "2", "--batch-sizes", "1",
                "--models-dir", models.toString(), "--out", bench.toString());
        assertThat(timed.exit()).as(timed.err()).isZero();
        assertThat(bench.resolve("report.md")).content().contains("| tiny ¹ |", "¹ tiny: the time of one unit, not of "
                + "an image: text encoding", "UNet evaluation");
        // the phases in both reports
        assertThat(bench.resolve("report.md")).content().contains("## Time by phase", "| tiny | VAE decoding |");
        assertThat(bench.resolve("report.html")).content().contains("<h2>Time by phase</h2>",
                "<tr><td>tiny</td><td>VAE decoding</td>");
        assertThat(timed.err()).doesNotContain("NNPACK");
    }

    @Test
    void convertKeepsEveryTensorAcrossFormatsLayoutsAndTypes() throws Exception {
        Path ckptAsSafetensors = models.resolve("from-ckpt.safetensors");
        assertThat(TestCli.run("convert", fx.resolve("sd1-tiny.ckpt").toString(), ckptAsSafetensors.toString()).exit())
                .isZero();
        var original = dev.genlab.checkpoint.Checkpoints.open(fx.resolve("sd1-tiny.safetensors")).tensors();
        var converted = dev.genlab.checkpoint.Checkpoints.open(ckptAsSafetensors).tensors();
        original.forEach((k, t) -> assertThat(converted.get(k).read().data()).as(k).isEqualTo(t.read().data()));

        Path half = models.resolve("fp16.safetensors");
        assertThat(TestCli.run("convert", fx.resolve("sd1-tiny.safetensors").toString(), half.toString(), "--dtype",
                "fp16").exit()).isZero();
        var halfTensors = dev.genlab.checkpoint.Checkpoints.open(half);
        assertThat(halfTensors.dominantDType()).isEqualTo(dev.genlab.data.safetensors.DType.F16);
        assertThat(halfTensors.tensors().get("cond_stage_model.transformer.text_model.embeddings.position_ids").dtype())
                .isEqualTo(dev.genlab.data.safetensors.DType.I64);

        Path folder = models.resolve("vae-diffusers");
        Path back = models.resolve("vae-back.safetensors");
        assertThat(TestCli.run("convert", fx.resolve("vae-tiny.safetensors").toString(), folder.toString(), "--layout",
                "diffusers").exit()).isZero();
        assertThat(TestCli.run("convert", folder.toString(), back.toString()).exit()).isZero();
        var vae = dev.genlab.checkpoint.Checkpoints.open(fx.resolve("vae-tiny.safetensors")).tensors();
        var roundTrip = dev.genlab.checkpoint.Checkpoints.open(back).under(dev.genlab.checkpoint.SdKeyMap.VAE);
        assertThat(roundTrip.keySet()).isEqualTo(vae.keySet());
        vae.forEach((k, t) -> {
            assertThat(roundTrip.get(k).shape()).as(k).isEqualTo(t.shape());
            assertThat(roundTrip.get(k).read().data()).as(k).isEqualTo(t.read().data());
        });

        // a whole checkpoint to the diffusers layout and back: every tensor (UNet, VAE, text) comes back the same
        Path full = models.resolve("full-diffusers");
        Path fullBack = models.resolve("full-back.safetensors");
        assertThat(TestCli.run("convert", fx.resolve("sd1-tiny.safetensors").toString(), full.toString(), "--layout",
                "diffusers").exit()).isZero();
        assertThat(TestCli.run("convert", full.toString(), fullBack.toString()).exit()).isZero();
        var again = dev.genlab.checkpoint.Checkpoints.open(fullBack).tensors();
        original.forEach((k, t) -> {
            if (!k.endsWith("position_ids")) { // a buffer, not a weight: diffusers folders leave it out
                assertThat(again).as(k).containsKey(k);
                assertThat(again.get(k).read().data()).as(k).isEqualTo(t.read().data());
            }
        });
        assertThat(again).hasSize(original.size() - 1);
    }

    @Test
    void badCheckpointsGetOneLineAndNothingIsWritten() throws Exception {
        Files.write(models.resolve("empty.safetensors"), new byte[0]);
        byte[] whole = Files.readAllBytes(fx.resolve("sd1-tiny.safetensors"));
        Files.write(models.resolve("truncated.safetensors"), java.util.Arrays.copyOf(whole, whole.length / 2));
        byte[] ckpt = Files.readAllBytes(fx.resolve("sd1-tiny.ckpt"));
        Files.write(models.resolve("truncated.ckpt"), java.util.Arrays.copyOf(ckpt, ckpt.length / 2));
        byte[] lying = whole.clone();
        lying[0] = (byte) 0xff; // a header length beyond the file
        Files.write(models.resolve("lying.safetensors"), lying);
        for (Path bad : List.of(fx.resolve("evil.ckpt"), fx.resolve("sd2-like.safetensors"),
                fx.resolve("unknown.safetensors"),
                fx.resolve("vae-tiny.safetensors"), models.resolve("empty.safetensors"),
                models.resolve("truncated.safetensors"), models.resolve("truncated.ckpt"),
                models.resolve("lying.safetensors"), models.resolve("missing.safetensors"))) {
            var r = TestCli.run("models", "add", "bad", bad.toString(), "--models-dir", models.toString());
            assertThat(r.exit()).as(bad.toString()).isEqualTo(1);
            assertThat(r.err().strip()).as(bad.toString()).startsWith("genlab: ").doesNotContain("\n")
                    .doesNotContain("internal error");
            assertThat(models.resolve("bad")).as(bad + " left a model folder").doesNotExist();
        }
        assertThat(TestCli.run("models", "add", "bad", fx.resolve("evil.ckpt").toString(), "--models-dir",
                models.toString()).err()).contains("posix.system");
        try (Stream<Path> s = Files.list(fx)) {
            assertThat(s.map(p -> p.getFileName().toString())).doesNotContain("pwned");
        }
        var usage = TestCli.run("models", "add", "../escape", fx.resolve("sd1-tiny.safetensors").toString(),
                "--models-dir", models.toString());
        assertThat(usage.exit()).isEqualTo(2);
    }
}
