package dev.genlab.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.genlab.TestCli;
import dev.genlab.data.Image;
import dev.genlab.data.ImageFiles;
import dev.genlab.data.png.PngReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every shipped model, asked from the command line for the same images, gives the same pixels and the same
 * recorded parameters as when {@code shipped-images.sha256} was written: a change that should not change
 * what a model makes (a refactoring) is checked against images made before it. Floating-point results
 * depend on the processor's vector unit, so the hashes are compared only on the kind they were made on
 * (their file's first line); set GENLAB_WRITE_IMAGE_HASHES=1 to write them anew after a change that is meant
 * to change images, and say why in the commit.
 */
class ShippedImagesTest {

    static final Path MODELS = Path.of("models");
    static final Path HASHES = Path.of("src/test/resources/dev/genlab/model/shipped-images.sha256");

    @TempDir
    Path out;

    /** Two images per model; the text-to-image model with a prompt and a negative prompt. */
    static final Map<String, List<String>> REQUESTS = new LinkedHashMap<>();

    static {
        for (String name : List.of("vae", "dcgan", "ddpm", "stylegan", "vqvae", "pixelcnn", "flow", "autoencoder",
                "fbm", "mandelbrot", "julia", "reaction-diffusion")) {
            REQUESTS.put(name, List.of());
        }
        REQUESTS.put("ldm", List.of("a pair of sneakers", "--negative", "a bag"));
    }

    @Test
    void everyShippedModelMakesTheImagesItMadeBefore() throws Exception {
        assumeTrue(Files.isDirectory(MODELS), "no models/ folder");
        List<String> lines = new ArrayList<>();
        lines.add("# vector unit: " + vectorUnit());
        for (var e : REQUESTS.entrySet()) {
            List<String> args = new ArrayList<>(List.of("generate", e.getKey()));
            args.addAll(e.getValue());
            args.addAll(List.of("--n", "2", "--seed", "5", "--out", out.resolve(e.getKey()).toString(),
                    "--models-dir", MODELS.toString()));
            TestCli.Run run = TestCli.run(args.toArray(String[]::new));
            assertThat(run.exit()).as(e.getKey() + ": " + run.err()).isZero();
            try (var files = Files.list(out.resolve(e.getKey()))) {
                for (Path png : files.filter(p -> p.toString().endsWith(".png")).sorted().toList()) {
                    lines.add(e.getKey() + " " + png.getFileName() + " " + hash(png));
                }
            }
        }
        if (System.getenv("GENLAB_WRITE_IMAGE_HASHES") != null) {
            Files.write(HASHES, lines);
            return;
        }
        List<String> expected = Files.readAllLines(HASHES);
        assumeTrue(expected.get(0).equals(lines.get(0)), "hashes were made on " + expected.get(0).substring(2)
                + ", this machine has " + vectorUnit());
        assertThat(lines).containsExactlyElementsOf(expected);
    }

    /** SHA-256 of the decoded pixels and the A1111 parameters text (not the genlab chunk: it names the commit). */
    static String hash(Path png) throws IOException, NoSuchAlgorithmException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        Image image = ImageFiles.read(png);
        for (float v : image.pixels()) {
            sha.update((byte) Image.toByte(v));
        }
        String parameters = PngReader.texts(Files.readAllBytes(png), png.toString()).get("parameters");
        sha.update(String.valueOf(parameters).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha.digest());
    }

    /**
     * What decides the engine's kernels: the vector unit (AVX-512, AVX2 or neither) and the processor's model
     * (MKL picks its code paths by vendor and model, not only by instruction set).
     */
    static String vectorUnit() throws IOException {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.exists(cpuinfo)) {
            return "unknown";
        }
        List<String> lines = Files.readAllLines(cpuinfo);
        String flags = lines.stream().filter(l -> l.startsWith("flags")).findFirst().orElse("");
        String model = lines.stream().filter(l -> l.startsWith("model name")).findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown processor");
        String unit = flags.contains(" avx512f") ? "avx512f" : flags.contains(" avx2") ? "avx2" : "other";
        return unit + " on " + model;
    }
}
