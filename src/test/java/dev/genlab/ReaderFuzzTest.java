package dev.genlab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.core.GenlabException;
import dev.genlab.data.IdxFile;
import dev.genlab.data.Image;
import dev.genlab.data.ImageFiles;
import dev.genlab.data.NpyReader;
import dev.genlab.data.NpyWriter;
import dev.genlab.data.SyntheticBars;
import dev.genlab.data.png.A1111Parameters;
import dev.genlab.data.png.PngReader;
import dev.genlab.model.A1111Names;
import dev.genlab.model.GenerationRecord;
import dev.genlab.model.ImageGeneration;
import dev.genlab.model.SamplerSettings;
import dev.genlab.modelstore.ModelDirectory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every reader of outside bytes that the checkpoint fuzzers do not cover, fed {@link #INPUTS} damaged copies of a
 * valid input (seeded, so a failure repeats): PNG chunks and genlab's PNG records, A1111 parameters, images
 * through ImageIO (PNG and JPEG), IDX, .npy and model configs. Each input is read or refused with genlab's own
 * one-line error; any other exception, a hang (the timeout) or running out of memory fails, and the inputs that
 * did are kept in target/fuzz-crashes/. -Dgenlab.fuzz.inputs=N runs longer.
 */
class ReaderFuzzTest {

    static final int INPUTS = Integer.getInteger("genlab.fuzz.inputs", 10_000);
    static final Path CRASHES = Path.of("target", "fuzz-crashes");
    static final List<String> COUNTS = new ArrayList<>();

    @TempDir
    Path tmp;

    /** What one reader does with one input; genlab's own errors are fine, anything else is a finding. */
    interface Reader {
        void read(byte[] input) throws Exception;
    }

    static void fuzz(String name, byte[] valid, long seed, int inputs, Reader reader) throws Exception {
        reader.read(valid); // the undamaged input reads
        SplittableRandom r = new SplittableRandom(seed);
        int refused = 0;
        List<String> findings = new ArrayList<>();
        for (int i = 0; i < inputs; i++) {
            byte[] damaged = Damage.of(valid, r);
            try {
                reader.read(damaged);
            } catch (GenlabException e) {
                if (e.getMessage() == null || e.getMessage().contains("\n") || e.getMessage().contains("\r")) {
                    findings.add(keep(name, i, damaged) + ": message not one line: " + e.getMessage());
                } else {
                    refused++;
                }
            } catch (Exception | StackOverflowError | OutOfMemoryError e) {
                findings.add(keep(name, i, damaged) + ": " + e);
            }
        }
        COUNTS.add(String.format("%s: %d inputs, %d refused with one line, %d read", name, inputs, refused,
                inputs - refused - findings.size()));
        assertThat(findings).as(name).isEmpty();
    }

    static String keep(String name, int i, byte[] input) throws Exception {
        Files.createDirectories(CRASHES);
        Path file = CRASHES.resolve(name + "-" + i + ".bin");
        Files.write(file, input);
        return file.toString();
    }

    @AfterAll
    static void report() {
        COUNTS.forEach(c -> System.out.println("fuzz: " + c));
    }

    /** A record with its options in a fixed order, so that every run damages the same input. */
    static GenerationRecord record() {
        return GenerationRecord.builder("0.1.0", "abc").model("ldm", "ldm", "0123456789abcdef0123456789abcdef")
                .seeds(7, 7, 0, new GenerationRecord.MicroBatch(7, 1, 0)).image(1.0, 8, 8).runtime("cpu", 2)
                .settings(new SamplerSettings("dpmpp-2m", 20, 3.0, 0, true), new java.util.TreeMap<>(Map.of("prompt",
                        "a (red:1.2) shoe", "negative_prompt", "blurry"))).build();
    }

    static byte[] png() {
        float[] px = new float[3 * 8 * 8];
        for (int i = 0; i < px.length; i++) {
            px[i] = (i % 7) / 7f;
        }
        return ImageGeneration.png(new Image(3, 8, 8, px), record());
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void pngChunksAndGenlabRecords() throws Exception {
        fuzz("png-texts", png(), 1, INPUTS, in -> PngReader.texts(in, "fuzz.png"));
        fuzz("genlab-record", record().toJson().getBytes(StandardCharsets.UTF_8), 2, INPUTS, in ->
                GenerationRecord.fromJson(new String(in, StandardCharsets.UTF_8), "fuzz.png").checkSane("fuzz.png"));
        String parameters = record().toA1111("0123456789").format();
        fuzz("a1111-parameters", parameters.getBytes(StandardCharsets.UTF_8), 3, INPUTS, in ->
                A1111Names.read(A1111Parameters.parse(new String(in, StandardCharsets.UTF_8)),
                        new SamplerSettings("pndm", 50, 7.5, 0, false)));
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void imagesThroughImageIo() throws Exception {
        Path file = tmp.resolve("fuzz.png");
        fuzz("image-png", png(), 4, INPUTS, in -> {
            Files.write(file, in);
            ImageFiles.read(file);
        });
        var img = new java.awt.image.BufferedImage(16, 16, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < 16; i++) {
            img.setRGB(i, i, 0xff8040);
        }
        var jpeg = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(img, "jpeg", jpeg);
        Path jpg = tmp.resolve("fuzz.jpg");
        fuzz("image-jpeg", jpeg.toByteArray(), 5, INPUTS, in -> {
            Files.write(jpg, in);
            ImageFiles.read(jpg, 1, 28, 28);
        });
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void idxNpyAndModelConfigs() throws Exception {
        Path bars = SyntheticBars.write(tmp.resolve("bars"), 4, 2);
        Path idx = bars.resolve("train-labels-idx1-ubyte");
        Path target = tmp.resolve("fuzz-idx");
        fuzz("idx", Files.readAllBytes(idx), 6, INPUTS, in -> {
            Files.write(target, in);
            IdxFile.read(target);
        });
        Path gz = tmp.resolve("fuzz-idx.gz");
        fuzz("idx-gzip", Files.readAllBytes(bars.resolve("train-images-idx3-ubyte.gz")), 9, INPUTS, in -> {
            Files.write(gz, in);
            IdxFile.read(gz);
        });
        Path npy = tmp.resolve("valid.npy");
        NpyWriter.write(npy, new float[][] {{1, 2, 3}, {4, 5, 6}});
        Path npyTarget = tmp.resolve("fuzz.npy");
        fuzz("npy", Files.readAllBytes(npy), 7, INPUTS, in -> {
            Files.write(npyTarget, in);
            NpyReader.read(npyTarget);
        });
        Path model = Files.createDirectories(tmp.resolve("model"));
        fuzz("model-config", Files.readAllBytes(Path.of("models", "vae", ModelDirectory.CONFIG)), 8, INPUTS, in -> {
            Files.write(model.resolve(ModelDirectory.CONFIG), in);
            ModelDirectory.open(model);
        });
    }
}
