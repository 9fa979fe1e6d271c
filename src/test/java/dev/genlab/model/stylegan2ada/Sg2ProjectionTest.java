package dev.genlab.model.stylegan2ada;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.genlab.data.Image;
import dev.genlab.data.ImageFiles;
import dev.genlab.data.NpyReader;
import dev.genlab.model.Reconstructor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/** `genlab project`: StyleGAN2-ADA's projector on the tiny fixture network, as a user runs it. */
class Sg2ProjectionTest extends Sg2Fixtures {

    @Test
    void projectionFindsAWWhoseImageIsCloserToTheTargetThanTheStart() throws Exception {
        assertThat(run("models", "add", "tiny", fx.resolve("sg2-tiny.pkl").toString()).exit()).isZero();
        // the target: an image the network itself made
        Path gen = models.resolve("gen");
        assertThat(run("generate", "tiny", "--seed", "5", "--noise", "const", "--out", gen.toString()).exit())
                .isZero();
        Path target = gen.resolve("tiny-000005.png");
        Image goal = ImageFiles.read(target);

        Path out = models.resolve("proj");
        var p = run("project", "tiny", target.toString(), "--steps", "60", "--out", out.toString());
        assertThat(p.exit()).as(p.err()).isZero();
        assertThat(p.out()).contains("step 60/60", "mean squared error");
        java.util.regex.Matcher d = java.util.regex.Pattern.compile("distance ([0-9.e-]+) after step 1, ([0-9.e-]+) "
                + "after step 60").matcher(p.out());
        assertThat(d.find()).as(p.out()).isTrue();
        double first = Double.parseDouble(d.group(1));
        double last = Double.parseDouble(d.group(2));
        // the mean w with random noise maps is far from the target; the optimised w and maps are much closer,
        // and the written image is the one measured (up to its 8-bit rounding)
        assertThat(last).isLessThan(0.6 * first);
        Image projected = ImageFiles.read(out.resolve("tiny-000005-projected.png"));
        assertThat(Reconstructor.mse(projected, goal)).isCloseTo(last, within(0.1 * last));
        assertThat(new String(Files.readAllBytes(out.resolve("tiny-000005-projected.png")),
                java.nio.charset.StandardCharsets.ISO_8859_1)).contains("Projected from tiny-000005.png", "60 steps");
        assertThat(ImageFiles.read(out.resolve("tiny-000005-target-projected.png")).width())
                .isGreaterThan(2 * 32);

        // projected_w.npz as NVIDIA's scripts read it: one array 'w', (1, num_ws, w_dim), the same w every layer
        NpyReader.Array w = npzArray(out.resolve("tiny-000005-projected_w.npz"), "w");
        assertThat(w.shape()).containsExactly(1, 8, 16);
        for (int layer = 1; layer < 8; layer++) {
            for (int i = 0; i < 16; i++) {
                assertThat(w.values()[layer * 16 + i]).isEqualTo(w.values()[i]);
            }
        }

        // generate takes the file back, as NVIDIA's generate.py --projected-w does: with the network's constant
        // noise (the target's) the image is closer still than the projection's own start
        Path npz = out.resolve("tiny-000005-projected_w.npz");
        Path again1 = models.resolve("from-w");
        var fromW = run("generate", "tiny", "--projected-w", npz.toString(), "--noise", "const", "--n", "1", "--seed", "0", "--out",
                again1.toString());
        assertThat(fromW.exit()).as(fromW.err()).isZero();
        Image regenerated = ImageFiles.read(again1.resolve("tiny-000000.png"));
        assertThat(Reconstructor.mse(regenerated, goal)).isLessThan(first);
        // --from makes it again, and refuses once the file has changed
        Path remade = models.resolve("remade");
        var from = run("generate", "--from", again1.resolve("tiny-000000.png").toString(), "tiny", "--out",
                remade.toString());
        assertThat(from.exit()).as(from.err()).isZero();
        assertThat(ImageFiles.read(remade.resolve("tiny-000000.png"))).isEqualTo(regenerated);
        Path copy = models.resolve("copy_w.npz");
        Files.copy(npz, copy);
        var fromCopy = run("generate", "tiny", "--projected-w", copy.toString(), "--noise", "const", "--n", "1",
                "--seed", "0", "--out", models.resolve("c1").toString());
        assertThat(fromCopy.exit()).as(fromCopy.err()).isZero();
        Files.write(copy, dev.genlab.data.NpyWriter.npz("w", new long[] {1, 8, 16}, new float[8 * 16]));
        var changed = run("generate", "--from", models.resolve("c1").resolve("tiny-000000.png").toString(), "tiny");
        assertThat(changed.exit()).isEqualTo(1);
        assertThat(changed.err().strip()).contains("projected w file", "changed since").doesNotContain("\n");
        var mixed = run("generate", "tiny", "--projected-w", npz.toString(), "--mix-seed", "3");
        assertThat(mixed.exit()).isEqualTo(2);
        assertThat(mixed.err().strip()).contains("--mix-seed", "--projected-w").doesNotContain("\n");

        // the same seed and steps: the same w, bit for bit
        Path again = models.resolve("again");
        Path twice = models.resolve("twice");
        assertThat(run("project", "tiny", target.toString(), "--steps", "5", "--out", again.toString()).exit())
                .isZero();
        assertThat(run("project", "tiny", target.toString(), "--steps", "5", "--out", twice.toString()).exit())
                .isZero();
        assertThat(npzArray(twice.resolve("tiny-000005-projected_w.npz"), "w").values())
                .containsExactly(npzArray(again.resolve("tiny-000005-projected_w.npz"), "w").values());
    }

    private NpyReader.Array npzArray(Path npz, String name) throws Exception {
        Path npy = models.resolve(name + "-" + System.nanoTime() + ".npy");
        try (ZipFile zip = new ZipFile(npz.toFile())) {
            assertThat(zip.size()).isEqualTo(1);
            Files.write(npy, zip.getInputStream(zip.getEntry(name + ".npy")).readAllBytes());
        }
        return NpyReader.read(npy);
    }

    @Test
    void badProjectionsGetOneLine() throws Exception {
        assertThat(run("models", "add", "cond", fx.resolve("sg2-cond.pkl").toString()).exit()).isZero();
        Path img = models.resolve("face.png");
        Files.write(img, dev.genlab.data.png.PngWriter.encode(new Image(3, 20, 30, new float[3 * 20 * 30]),
                java.util.List.of()));
        var noClass = run("project", "cond", img.toString(), "--steps", "2");
        assertThat(noClass.exit()).isEqualTo(2);
        assertThat(noClass.err().strip()).contains("class-conditional", "--class").doesNotContain("\n");
        var noSteps = run("project", "cond", img.toString(), "--steps", "0", "--class", "1");
        assertThat(noSteps.exit()).isEqualTo(2);
        assertThat(noSteps.err().strip()).contains("--steps").doesNotContain("\n");
        var missing = run("project", "cond", models.resolve("nope.png").toString(), "--class", "1");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err().strip()).contains("image not found").doesNotContain("\n");
        // a projection of another network's shape is refused by name
        Path w = models.resolve("other_w.npz");
        Files.write(w, dev.genlab.data.NpyWriter.npz("w", new long[] {1, 3, 5}, new float[15]));
        var wrongShape = run("generate", "cond", "--projected-w", w.toString(), "--class", "1");
        assertThat(wrongShape.exit()).isEqualTo(2);
        assertThat(wrongShape.err().strip()).contains("[1, 3, 5]", "genlab project").doesNotContain("\n");
        // a non-square target's central square is used: a conditional projection of two steps runs
        var ok = run("project", "cond", img.toString(), "--steps", "2", "--class", "1", "--out",
                models.resolve("c").toString());
        assertThat(ok.exit()).as(ok.err()).isZero();
    }

    @Test
    void theLearningRateRisesThenFallsAsNvidiasDoes() {
        assertThat(Sg2Projector.learningRateRamp(0)).isZero();
        assertThat(Sg2Projector.learningRateRamp(0.025)).isCloseTo(0.5, within(1e-9));
        assertThat(Sg2Projector.learningRateRamp(0.5)).isEqualTo(1.0);
        assertThat(Sg2Projector.learningRateRamp(0.875)).isCloseTo(0.5, within(1e-9));
        assertThat(Sg2Projector.learningRateRamp(0.999)).isLessThan(0.001);
    }
}
