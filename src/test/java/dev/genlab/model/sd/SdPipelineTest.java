package dev.genlab.model.sd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.genlab.TestCli;
import dev.genlab.data.Image;
import dev.genlab.data.ImageFiles;
import dev.genlab.data.NpyReader;
import dev.genlab.model.GenerationRequest;
import dev.genlab.model.SamplerSettings;
import dev.genlab.sampling.Samplers;
import dev.genlab.text.clip.ClipTokenizer;
import dev.genlab.text.clip.ClipVocabularies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Stable Diffusion's text-to-image pipeline on the tiny fixture checkpoint: whole generations against the
 * PyTorch reference pipeline (tools/peers/sd_pipeline.py) from the same torch noise, every sampler, image to
 * image and inpainting, and the one-line errors of bad settings.
 */
class SdPipelineTest extends SdFixtureTest {

    static final Path VOCAB = Path.of("..", "shared", "clip", "bpe_simple_vocab_16e6.txt.gz");
    static final String PROMPT = "a (photo:1.0) of a woman's face";
    static final String NEGATIVE = "blurry";


    @BeforeAll
    static void vocabulary() {
        assumeTrue(Files.isRegularFile(VOCAB), "no CLIP vocabulary at " + VOCAB);
    }

    @Test
    void generationsAgreeWithTheReferencePipelineFromTheSameTorchNoise() throws Exception {
        ClipTokenizer tokenizer = new ClipTokenizer(ClipVocabularies.find(VOCAB, null));
        Path ids = models.resolve("ids.txt");
        // the prompt's emphasis at weight 1.0 changes nothing: the reference gets the parsed prompt's plain ids
        int[] prompt = dev.genlab.text.clip.PromptChunks.of(tokenizer, PROMPT).get(0).ids();
        assertThat(prompt).isEqualTo(tokenizer.encode("a photo of a woman's face"));
        Files.writeString(ids, line(tokenizer.encode(NEGATIVE)) + "\n" + line(prompt) + "\n");
        try (NDManager m = NDManager.newBaseManager(); SdModel model = load(m)) {
            for (String sampler : List.of("pndm", "ddim", "euler")) {
                for (int steps : new int[] {1, 2, 5}) {
                    Path out = models.resolve(sampler + steps + ".npy");
                    python("tools/peers/sd_pipeline.py", fx.resolve("sd1-tiny.safetensors").toString(), ids.toString(),
                            out.toString(), "--seed", "7", "--steps", Integer.toString(steps), "--cfg", "7.5",
                            "--sampler", sampler, "--size", "64x48");
                    float[] expected = NpyReader.read(out).values();
                    float[] got = generate(model, sampler, steps, 7.5, Map.of("size", "64x48", "rng", "torch"), 7)
                            .get(0).pixels();
                    assertThat(got).hasSameSizeAs(expected);
                    float worst = 0;
                    for (int i = 0; i < got.length; i++) {
                        worst = Math.max(worst, Math.abs(got[i] - expected[i]));
                    }
                    assertThat(worst).as(sampler + ", " + steps + " steps: largest difference from PyTorch")
                            .isLessThan(1e-4f);
                }
            }
        }
    }

    @Test
    void everySamplerMakesTheSameImageAloneAndInABatch() throws Exception {
        // the same image up to rounding: libtorch's kernels block a batch of 4 differently from one of 2
        // (the batch is recorded in each PNG, so --from repeats it bit for bit)
        try (NDManager m = NDManager.newBaseManager(); SdModel model = load(m)) {
            for (String sampler : Samplers.NAMES) {
                List<Image> pair = generate(model, sampler, 3, 5.0, Map.of("size", "32x32"), 11, 12);
                List<Image> alone = generate(model, sampler, 3, 5.0, Map.of("size", "32x32"), 12);
                assertThat(pair.get(1).pixels()).as(sampler).containsExactly(alone.get(0).pixels(),
                        org.assertj.core.data.Offset.offset(1e-4f));
                assertThat(pair.get(0).pixels()).as(sampler).isNotEqualTo(pair.get(1).pixels());
                for (float v : pair.get(0).pixels()) {
                    assertThat(v).as(sampler).isBetween(0f, 1f);
                }
            }
        }
    }

    @Test
    void theTextEncoderIsFreedAfterEncodingAndLoadedAgainForANewPrompt() throws Exception {
        try (NDManager m = NDManager.newBaseManager(); SdModel model = load(m);
                NDManager m2 = NDManager.newBaseManager(); SdModel fresh = load(m2)) {
            Map<String, String> other = Map.of("size", "32x32", "prompt", "a red car");
            float[] first = generate(model, "euler", 2, 7.5, Map.of("size", "32x32"), 5).get(0).pixels();
            assertThat(model.textLoaded()).as("CLIP after encoding").isFalse();
            // the same prompts again: their encoding is kept, CLIP stays unloaded
            assertThat(generate(model, "euler", 2, 7.5, Map.of("size", "32x32"), 5).get(0).pixels())
                    .containsExactly(first);
            assertThat(model.textLoaded()).isFalse();
            // a new prompt loads CLIP again and frees it: the image a fresh model makes of that prompt
            assertThat(generate(model, "euler", 2, 7.5, other, 5).get(0).pixels())
                    .containsExactly(generate(fresh, "euler", 2, 7.5, other, 5).get(0).pixels());
            assertThat(model.textLoaded()).isFalse();
        }
    }

    @Test
    void strengthZeroReturnsTheVaeReconstructionAndInpaintingKeepsTheLatentsOutsideTheMask() throws Exception {
        Path face = fx.resolve("face.png"); // 64 x 48
        Path mask = models.resolve("mask.png");
        float[] px = new float[64 * 48];
        for (int y = 0; y < 48; y++) {
            for (int x = 32; x < 64; x++) {
                px[y * 64 + x] = 1f; // repaint the right half
            }
        }
        writePng(mask, new Image(1, 48, 64, px));
        try (NDManager m = NDManager.newBaseManager(); SdModel model = load(m)) {
            Image recon = model.roundTrip(ImageFiles.read(face, 3, 48, 64), 0);
            Image kept = generate(model, "ddim", 4, 7.5, Map.of("init", face.toString(), "strength", "0"), 3).get(0);
            assertThat(kept.pixels()).containsExactly(recon.pixels());

            Map<String, String> options = model.resolveOptions(Map.of("prompt", PROMPT, "init", face.toString(),
                    "mask", mask.toString()));
            var request = new GenerationRequest(new long[] {5}, null, 1.0, new SamplerSettings("euler-a", 3, 7.5, 0,
                    false), options);
            try (NDManager call = m.newSubManager()) {
                SdOptions o = SdOptions.of(options);
                NDArray latents = model.sampleLatents(request, o, request.sampler(), null, null, call);
                NDArray init = model.vae().encodeMean(call.create(ImageFiles.read(face, 3, 48, 64).pixels(),
                        new ai.djl.ndarray.types.Shape(1, 3, 48, 64)).mul(2f).sub(1f))
                        .mul((float) model.vae().config().scaleFactor());
                int f = model.vae().config().downscale();
                String left = ":, :, :, 0:" + 32 / f;
                String right = ":, :, :, " + 32 / f + ":";
                assertThat(latents.get(left).toFloatArray()).containsExactly(init.get(left).toFloatArray());
                assertThat(latents.get(right).toFloatArray()).isNotEqualTo(init.get(right).toFloatArray());
            }
        }
    }

    @Test
    void theVaeWorksInTilesThatBlendIntoTheWholeImage() throws Exception {
        Path face = fx.resolve("face.png"); // 64 x 48
        try (NDManager m = NDManager.newBaseManager(); SdModel model = load(m)) {
            Image input = ImageFiles.read(face, 3, 48, 64);
            float[] whole = model.roundTrip(input, 0).pixels();
            // a tile as large as the image (64 pixels: 8 latent cells over 6x8) is the whole image's computation
            assertThat(model.roundTrip(input, 64).pixels()).containsExactly(whole);
            // at 96x128 pixels, 64-pixel tiles make 2x3 tiles, neighbours sharing 2 latent cells
            Image large = ImageFiles.read(face, 3, 96, 128);
            float[] tiled = model.roundTrip(large, 64).pixels();
            float[] untiled = model.roundTrip(large, 0).pixels();
            assertThat(tiled).hasSameSizeAs(untiled).isNotEqualTo(untiled);
            for (float v : tiled) {
                assertThat(v).isBetween(0f, 1f);
            }
            // the same tiles the same way twice: the same image
            assertThat(model.roundTrip(large, 64).pixels()).containsExactly(tiled);

            // text to image decodes in tiles when asked, and records the tile size with the image's settings
            Map<String, String> options = model.resolveOptions(Map.of("prompt", PROMPT, "size", "128x64", "tile",
                    "64"));
            assertThat(options).containsEntry("tile", "64");
            assertThat(model.resolveOptions(Map.of("prompt", PROMPT))).doesNotContainKey("tile");
            var request = new GenerationRequest(new long[] {5}, null, 1.0, new SamplerSettings("euler", 2, 7.5, 0,
                    false), options);
            float[] tiledImage = model.generate(request).get(0).image().pixels();
            var whole2 = new GenerationRequest(new long[] {5}, null, 1.0, new SamplerSettings("euler", 2, 7.5, 0,
                    false), model.resolveOptions(Map.of("prompt", PROMPT, "size", "128x64")));
            assertThat(tiledImage).hasSize(3 * 64 * 128).isNotEqualTo(model.generate(whole2).get(0).image().pixels());
        }
        var add = TestCli.run("models", "add", "tiled", fx.resolve("sd1-tiny.safetensors").toString(), "--tokenizer",
                VOCAB.toString(), "--models-dir", models.toString());
        assertThat(add.exit()).as(add.err()).isZero();
        Path big = models.resolve("big.png");
        writePng(big, ImageFiles.read(face, 3, 96, 128));
        var rec = TestCli.run("reconstruct", "tiled", big.toString(), "--tile", "64", "--out",
                models.resolve("rec").toString(), "--models-dir", models.toString());
        assertThat(rec.exit()).as(rec.err()).isZero();
        assertThat(rec.out()).contains("big-recon");
        assertThat(ImageFiles.read(models.resolve("rec").resolve("big-recon.png")).width()).isEqualTo(128);
        var bad = TestCli.run("reconstruct", "tiled", big.toString(), "--tile", "60", "--models-dir",
                models.toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err().strip()).doesNotContain("\n").contains("--tile").contains("multiple of 8");
    }

    @Test
    void badSettingsGetOneLineErrors() throws Exception {
        var add = TestCli.run("models", "add", "tiny", fx.resolve("sd1-tiny.safetensors").toString(), "--tokenizer",
                VOCAB.toString(), "--models-dir", models.toString());
        assertThat(add.exit()).as(add.err()).isZero();
        String longPrompt = IntStream.range(0, 1300).mapToObj(i -> "cat").collect(Collectors.joining(" "));
        Image small = new Image(3, 32, 32, new float[3 * 32 * 32]);
        Path init = models.resolve("init.png");
        writePng(init, new Image(3, 48, 64, new float[3 * 48 * 64]));
        Path mask = models.resolve("small-mask.png");
        writePng(mask, small);
        List<List<String>> cases = List.of(
                List.of("--size", "65x64"), List.of("--size", "big"), List.of("--steps", "0"),
                List.of("--steps", "1001"), List.of("--cfg", "-1"), List.of("--init", init.toString(), "--strength",
                        "2"), List.of("--init", init.toString(), "--mask", mask.toString()),
                List.of("--strength", "0.5"), List.of("--clip-skip", "9"), List.of("--rng", "numpy"),
                List.of("--sampler", "lms"));
        for (List<String> bad : cases) {
            List<String> args = new ArrayList<>(List.of("generate", "tiny", "a cat", "--models-dir", models.toString(),
                    "--out", models.resolve("out").toString()));
            args.addAll(bad);
            var run = TestCli.run(args.toArray(String[]::new));
            assertThat(run.exit()).as(bad + ": " + run.err()).isEqualTo(2);
            assertThat(run.err().strip()).as(bad.toString()).startsWith("genlab: ").doesNotContain("\n");
        }
        var tooLong = TestCli.run("generate", "tiny", longPrompt, "--size", "32x32", "--steps", "1", "--models-dir",
                models.toString(), "--out", models.resolve("out").toString());
        assertThat(tooLong.exit()).isEqualTo(2);
        assertThat(tooLong.err().strip()).contains("chunks").doesNotContain("\n");
        assertThat(models.resolve("out")).doesNotExist();
    }

    @Test
    void anInpaintingCheckpointRepaintsAsTheReferenceDoes() throws Exception {
        ClipTokenizer tokenizer = new ClipTokenizer(ClipVocabularies.find(VOCAB, null));
        Path ids = models.resolve("ids.txt");
        Files.writeString(ids, line(tokenizer.encode(NEGATIVE)) + "\n" + line(tokenizer.encode("a smiling face"))
                + "\n");
        Path mask = models.resolve("mask.png");
        float[] px = new float[64 * 48];
        for (int y = 8; y < 40; y++) {
            for (int x = 16; x < 48; x++) {
                px[y * 64 + x] = 1f;
            }
        }
        writePng(mask, new Image(1, 48, 64, px));
        Path maskNpy = models.resolve("mask.npy");
        python("-c", "import numpy as np, sys; m = np.zeros((1, 1, 48, 64), np.float32); m[:, :, 8:40, 16:48] = 1; "
                + "np.save(sys.argv[1], m)", maskNpy.toString());
        try (NDManager m = NDManager.newBaseManager()) {
            try (SdModel model = SdFixtures.load(models, "sd1-inpaint-like.safetensors", VOCAB, m)) {
                for (boolean withImage : new boolean[] {true, false}) {
                    Path out = models.resolve("inpaint-" + withImage + ".npy");
                    List<String> args = new ArrayList<>(List.of("tools/peers/sd_pipeline.py",
                            fx.resolve("sd1-inpaint-like.safetensors").toString(), ids.toString(), out.toString(),
                            "--seed", "3", "--steps", "2", "--sampler", "ddim", "--size", "64x48"));
                    Map<String, String> extra = new java.util.LinkedHashMap<>(Map.of("size", "64x48", "rng", "torch",
                            "prompt", "a smiling face"));
                    if (withImage) {
                        args.addAll(List.of("--init", fx.resolve("face.npy").toString(), "--mask",
                                maskNpy.toString()));
                        extra.put("init", fx.resolve("face.png").toString());
                        extra.put("mask", mask.toString());
                    }
                    python(args.toArray(String[]::new));
                    float[] expected = NpyReader.read(out).values();
                    float[] got = generate(model, "ddim", 2, 7.5, extra, 3).get(0).pixels();
                    float worst = 0;
                    for (int i = 0; i < got.length; i++) {
                        worst = Math.max(worst, Math.abs(got[i] - expected[i]));
                    }
                    assertThat(worst).as("inpainting checkpoint, init image " + withImage).isLessThan(1e-4f);
                }
            }
        }
    }

    @Test
    void pngsCarryA1111sParametersAndA1111ImagesAreMadeAgain() throws Exception {
        var add = TestCli.run("models", "add", "tiny", fx.resolve("sd1-tiny.safetensors").toString(), "--tokenizer",
                VOCAB.toString(), "--models-dir", models.toString());
        assertThat(add.exit()).as(add.err()).isZero();
        Path out = models.resolve("out");
        var gen = TestCli.run("generate", "tiny", "a cat", "--negative", "blurry", "--size", "32x32", "--steps", "3",
                "--sampler", "dpmpp-2m", "--karras", "--clip-skip", "2", "--rng", "torch", "--seed", "5", "--n", "1",
                "--models-dir", models.toString(), "--out", out.toString());
        assertThat(gen.exit()).as(gen.err()).isZero();
        Path png = out.resolve("tiny-000005.png");
        String parameters = dev.genlab.data.png.PngReader.texts(Files.readAllBytes(png), "png").get("parameters");
        assertThat(parameters).startsWith("a cat\nNegative prompt: blurry\n").contains("Steps: 3",
                "Sampler: DPM++ 2M Karras", "CFG scale: 7.5", "Seed: 5", "Size: 32x32", "Model: tiny", "Clip skip: 2",
                "RNG: CPU").containsPattern("Model hash: [0-9a-f]{10}");

        // an image A1111 wrote: its parameters alone (no genlab chunk), with a setting genlab does not have
        Path a1111 = models.resolve("a1111.png");
        String theirs = "a cat\nNegative prompt: blurry\nSteps: 3, Sampler: DPM++ 2M Karras, CFG scale: 7.5, Seed: 5, "
                + "Size: 32x32, Model hash: 0123456789, Model: v1-5-pruned-emaonly, Clip skip: 2, RNG: CPU, "
                + "Hires upscale: 2, Version: v1.9.4";
        Files.write(a1111, dev.genlab.data.png.PngWriter.encode(new Image(3, 32, 32, new float[3 * 32 * 32]),
                List.of(dev.genlab.data.png.PngChunk.textOrItxt("parameters", theirs))));
        Path again = models.resolve("again");
        var from = TestCli.run("generate", "--from", a1111.toString(), "tiny", "--models-dir", models.toString(),
                "--out", again.toString());
        assertThat(from.exit()).as(from.err()).isZero();
        assertThat(from.err()).contains("not honoured: hires upscale");
        // the same settings and seed as genlab's own image: the same pixels
        Image mine = ImageFiles.read(png);
        Image remade = ImageFiles.read(again.resolve("tiny-000005.png"));
        assertThat(remade.pixels()).containsExactly(mine.pixels());

        var noModel = TestCli.run("generate", "--from", a1111.toString(), "--models-dir", models.toString());
        assertThat(noModel.exit()).isEqualTo(2);
        assertThat(noModel.err().strip()).contains("give the model").doesNotContain("\n");
    }

    @Test
    void fromRefusesAnInitImageThatChangedSince() throws Exception {
        var add = TestCli.run("models", "add", "tiny", fx.resolve("sd1-tiny.safetensors").toString(), "--tokenizer",
                VOCAB.toString(), "--models-dir", models.toString());
        assertThat(add.exit()).as(add.err()).isZero();
        Path init = models.resolve("init.png");
        Files.copy(fx.resolve("face.png"), init);
        Path out = models.resolve("out");
        var gen = TestCli.run("generate", "tiny", "a cat", "--init", init.toString(), "--strength", "0.5", "--steps",
                "2", "--seed", "4", "--n", "1", "--models-dir", models.toString(), "--out", out.toString());
        assertThat(gen.exit()).as(gen.err()).isZero();
        Path png = out.resolve("tiny-000004.png");
        var again = TestCli.run("generate", "--from", png.toString(), "--models-dir", models.toString(), "--out",
                models.resolve("again").toString());
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(ImageFiles.read(models.resolve("again/tiny-000004.png")).pixels())
                .containsExactly(ImageFiles.read(png).pixels());
        writePng(init, new Image(3, 48, 64, new float[3 * 48 * 64])); // same path, other pixels
        var changed = TestCli.run("generate", "--from", png.toString(), "--models-dir", models.toString(), "--out",
                models.resolve("changed").toString());
        assertThat(changed.exit()).isEqualTo(1);
        assertThat(changed.err().strip()).contains("changed since").doesNotContain("\n");
        assertThat(models.resolve("changed")).doesNotExist();
    }

    private static void writePng(Path file, Image image) throws Exception {
        Files.write(file, dev.genlab.data.png.PngWriter.encode(image, List.of()));
    }

    private static String line(int[] ids) {
        return java.util.Arrays.stream(ids).mapToObj(Integer::toString).collect(Collectors.joining(" "));
    }

    private static List<Image> generate(SdModel model, String sampler, int steps, double cfg,
            Map<String, String> extra, long... seeds) {
        Map<String, String> given = new java.util.LinkedHashMap<>(extra);
        given.putIfAbsent("prompt", PROMPT);
        given.putIfAbsent("negative_prompt", NEGATIVE);
        Map<String, String> options = model.resolveOptions(given);
        var request = new GenerationRequest(seeds, null, 1.0, new SamplerSettings(sampler, steps, cfg, 0, false),
                options);
        return model.generate(request).stream().map(dev.genlab.model.Sample::image).toList();
    }

    private static void python(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(SdFixtures.PYTHON.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(300, TimeUnit.SECONDS) && p.exitValue() == 0).as(log).isTrue();
    }

    private SdModel load(NDManager m) throws Exception {
        return SdFixtures.load(models, "sd1-tiny.safetensors", VOCAB, m);
    }
}
