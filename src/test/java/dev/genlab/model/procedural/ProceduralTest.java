package dev.genlab.model.procedural;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genlab.TestCli;
import dev.genlab.core.UsageException;
import dev.genlab.data.Image;
import dev.genlab.model.GenerationRequest;
import dev.genlab.modelstore.ModelDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProceduralTest {

    @TempDir
    static Path models;

    /** A model folder for {@code family} at 40×24 with {@code network} overriding option defaults. */
    static ModelDirectory install(String family, String network) throws Exception {
        Path dir = models.resolve(family);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), """
                {"format": 1, "name": "%s", "family": "%s", "description": "test",
                 "image": {"channels": 3, "height": 24, "width": 40}, "classes": [], "network": %s}
                """.formatted(family, family, network));
        return ModelDirectory.open(dir);
    }

    static ProceduralModel load(String family) throws Exception {
        ModelDirectory dir = install(family, "{}");
        return (ProceduralModel) ProceduralFamily.all().stream().filter(f -> f.name().equals(family)).findFirst()
                .orElseThrow().load(dir, null);
    }

    static Image render(ProceduralModel m, long seed, Map<String, String> options) {
        return m.generate(new GenerationRequest(new long[] {seed}, null, 1.0, null, options)).get(0).image();
    }

    @ParameterizedTest
    @ValueSource(strings = {"fbm", "mandelbrot", "julia", "reaction-diffusion"})
    void sameSeedGivesTheSamePngBytesAndTheFromRecordReproducesThem(String family) throws Exception {
        install(family, "{}");
        Path out = models.resolve("out-" + family);
        var r = TestCli.run("generate", family, "--models-dir", models.toString(), "--n", "2", "--seed", "7", "--size",
                "32x20", "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        var again = TestCli.run("generate", family, "--models-dir", models.toString(), "--n", "2", "--seed", "7",
                "--size", "32x20", "--out", models.resolve("again-" + family).toString());
        assertThat(again.exit()).as(again.err()).isZero();
        byte[] first = Files.readAllBytes(out.resolve(family + "-000008.png"));
        assertThat(Arrays.equals(Files.readAllBytes(models.resolve("again-" + family).resolve(family + "-000008.png")),
                first)).as("same command, same bytes").isTrue();
        assertThat(Arrays.equals(Files.readAllBytes(out.resolve(family + "-000007.png")), first))
                .as("another seed, another image").isFalse();
        var from = TestCli.run("generate", "--from", out.resolve(family + "-000008.png").toString(), "--models-dir",
                models.toString(), "--out", models.resolve("from-" + family).toString());
        assertThat(from.exit()).as(from.err()).isZero();
        assertThat(Arrays.equals(Files.readAllBytes(models.resolve("from-" + family).resolve(family + "-000008.png")),
                first)).as("--from makes the same file").isTrue();
    }

    @Test
    void imagesHaveTheRequestedSizeInColour() throws Exception {
        Image im = render(load("fbm"), 1, Map.of("size", "50x30"));
        assertThat(im.channels()).isEqualTo(3);
        assertThat(im.width()).isEqualTo(50);
        assertThat(im.height()).isEqualTo(30);
        assertThat(render(load("fbm"), 1, Map.of()).width()).as("the config's size by default").isEqualTo(40);
    }

    @Test
    void knownMandelbrotPointsAreInsideAndOutside() {
        // the real axis leaves the set at the cardioid's cusp, c = 1/4; -1 and -1.7549 and -0.1226+0.7449i are
        // centres of the period-2 and period-3 components
        for (double[] c : new double[][] {{0, 0}, {-1, 0}, {0.24, 0}, {-0.1226, 0.7449}, {-1.7549, 0}}) {
            assertThat(EscapeTimeRenderer.smooth(0, 0, c[0], c[1], 5000)).as("inside: %s", Arrays.toString(c)).isNaN();
        }
        for (double[] c : new double[][] {{0.26, 0}, {1, 0}, {-2.1, 0}, {0.5, 0.5}}) {
            assertThat(EscapeTimeRenderer.smooth(0, 0, c[0], c[1], 5000)).as("outside: %s", Arrays.toString(c)).isFinite();
        }
    }

    @Test
    void theMandelbrotImageIsBlackInsideAndColouredOutside() throws Exception {
        // view 3.2 wide centred on -0.5: the centre pixel is inside, the corners far outside
        Image im = render(load("mandelbrot"), 1, Map.of("center", "-0.5,0", "zoom", "1", "size", "41x41"));
        int plane = 41 * 41;
        int centre = 20 * 41 + 20;
        for (int c = 0; c < 3; c++) {
            assertThat(im.pixels()[c * plane + centre]).isZero();
        }
        assertThat(im.pixels()[0] + im.pixels()[plane] + im.pixels()[2 * plane]).isPositive();
    }

    @Test
    void settingsChangeTheImageAndAutoMeansTheSeedChooses() throws Exception {
        ProceduralModel julia = load("julia");
        Image a = render(julia, 3, Map.of());
        assertThat(render(julia, 4, Map.of())).isNotEqualTo(a);
        assertThat(render(julia, 3, Map.of("c", "-0.8,0.156"))).isEqualTo(render(julia, 4, Map.of("c", "-0.8,0.156")))
                .as("with c given, the seed has nothing left to choose").isNotEqualTo(a);
        assertThat(render(julia, 3, Map.of("colormap", "gray"))).isNotEqualTo(a);
    }

    @Test
    void optionsAreCheckedWithTheirRangeAndCompletedWithDefaults() throws Exception {
        ProceduralModel m = load("mandelbrot");
        Map<String, String> resolved = m.resolveOptions(Map.of("zoom", "2.50", "size", "64X48"));
        assertThat(resolved).containsEntry("size", "64x48").containsEntry("zoom", "2.5")
                .containsEntry("center", "auto").containsEntry("iterations", "500").containsKeys("colormap");
        assertThat(List.copyOf(resolved.keySet()).get(0)).isEqualTo("size");
        assertThatThrownBy(() -> m.resolveOptions(Map.of("zoom", "0"))).isInstanceOf(UsageException.class)
                .hasMessageContaining("zoom must be > 0");
        assertThatThrownBy(() -> m.resolveOptions(Map.of("zoom", "-3"))).hasMessageContaining("zoom must be > 0");
        assertThatThrownBy(() -> m.resolveOptions(Map.of("iterations", "0")))
                .hasMessageContaining("iterations must be >= 1");
        assertThatThrownBy(() -> m.resolveOptions(Map.of("iterations", "2.5"))).hasMessageContaining("whole number");
        assertThatThrownBy(() -> m.resolveOptions(Map.of("colormap", "neon"))).hasMessageContaining("one of viridis");
        assertThatThrownBy(() -> m.resolveOptions(Map.of("centre", "0,0"))).hasMessageContaining("no parameter 'centre'")
                .hasMessageContaining("center, zoom, iterations");
        for (String bad : new String[] {"512", "axb", "0x10", "20000x10", "9000x9000"}) {
            assertThatThrownBy(() -> m.resolveOptions(Map.of("size", bad))).as(bad).isInstanceOf(UsageException.class)
                    .hasMessageContaining("--size");
        }
    }

    @Test
    void theConfigCanChangeDefaults() throws Exception {
        ModelDirectory dir = install("fbm", "{\"colormap\": \"ocean\", \"octaves\": 3}");
        var m = new ProceduralModel(dir, new FbmRenderer());
        assertThat(m.resolveOptions(Map.of())).containsEntry("colormap", "ocean").containsEntry("octaves", "3");
        assertThat(m.resolveOptions(Map.of("octaves", "5"))).containsEntry("octaves", "5");
    }

    @Test
    void perlinNoiseIsZeroOnTheLatticeBoundedAndSeeded() {
        PerlinNoise a = new PerlinNoise(1);
        PerlinNoise b = new PerlinNoise(2);
        assertThat(a.at(3, 5)).isZero();
        double differs = 0;
        for (int i = 0; i < 2000; i++) {
            double x = i * 0.137;
            double y = i * 0.071;
            assertThat(a.at(x, y)).isBetween(-1.0001, 1.0001).isEqualTo(new PerlinNoise(1).at(x, y));
            assertThat(a.fbm(x, y, 5, 2, 0.5)).isBetween(-1.0001, 1.0001);
            differs += Math.abs(a.at(x, y) - b.at(x, y));
        }
        assertThat(differs).isPositive();
    }

    @Test
    void reactionDiffusionKeepsTheUniformStateAndGrowsPatternsFromPatches() {
        double[] v = ReactionDiffusionRenderer.simulate(48, 48, 0.037, 0.06, 1500, 5);
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (double x : v) {
            assertThat(x).isFinite();
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        assertThat(max - min).as("a pattern, not a flat field").isGreaterThan(0.05);
        double[] flat = ReactionDiffusionRenderer.bilinear(new double[] {2, 2, 2, 2}, 2, 2, 7, 5);
        assertThat(flat).containsOnly(2.0);
    }

    @Test
    void neuralModelsRejectProceduralSettings() {
        var r = TestCli.run("generate", "fbm", "--models-dir", models.resolve("none").toString(), "--size", "10x10");
        assertThat(r.exit()).isNotZero();
    }
}
