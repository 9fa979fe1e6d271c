package dev.genlab.fuzz;

import dev.genlab.PythonPeer;
import dev.genlab.checkpoint.CheckpointKind;
import dev.genlab.checkpoint.Checkpoints;
import dev.genlab.data.IdxFile;
import dev.genlab.data.Image;
import dev.genlab.data.ImageFiles;
import dev.genlab.data.NpyReader;
import dev.genlab.data.NpyWriter;
import dev.genlab.data.SyntheticBars;
import dev.genlab.data.png.A1111Parameters;
import dev.genlab.data.png.PngReader;
import dev.genlab.data.safetensors.DType;
import dev.genlab.data.safetensors.SafeTensors;
import dev.genlab.data.safetensors.Tensor;
import dev.genlab.model.A1111Names;
import dev.genlab.model.GenerationRecord;
import dev.genlab.model.ImageGeneration;
import dev.genlab.model.SamplerSettings;
import dev.genlab.modelstore.ModelDirectory;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * Every reader of bytes from outside genlab that is fuzzed: how to write its valid seed inputs (the fuzzer mutates
 * them) and how one input is read. A reader that takes a file is given the input as the file {@code scratch}.
 */
enum FuzzedReader {

    PNG_TEXTS("PNG text chunks") {
        @Override
        void seeds(Path dir) throws Exception {
            Files.write(dir.resolve("genlab.png"), png());
        }

        @Override
        void read(byte[] input, Path scratch) {
            PngReader.texts(input, "fuzz.png");
        }
    },
    GENLAB_RECORD("genlab's PNG records (JSON)") {
        @Override
        void seeds(Path dir) throws Exception {
            Files.writeString(dir.resolve("record.json"), record().toJson());
        }

        @Override
        void read(byte[] input, Path scratch) {
            GenerationRecord.fromJson(new String(input, StandardCharsets.UTF_8), "fuzz.png").checkSane("fuzz.png");
        }
    },
    A1111_PARAMETERS("A1111 parameters text") {
        @Override
        void seeds(Path dir) throws Exception {
            Files.writeString(dir.resolve("parameters.txt"), record().toA1111("0123456789").format());
        }

        @Override
        void read(byte[] input, Path scratch) {
            A1111Names.read(A1111Parameters.parse(new String(input, StandardCharsets.UTF_8)),
                    new SamplerSettings("pndm", 50, 7.5, 0, false));
        }
    },
    IMAGE_PNG("PNG images through ImageIO") {
        @Override
        void seeds(Path dir) throws Exception {
            Files.write(dir.resolve("genlab.png"), png());
        }

        @Override
        void readFile(Path file) throws Exception {
            ImageFiles.read(file);
        }
    },
    IMAGE_JPEG("JPEG images through ImageIO") {
        @Override
        void seeds(Path dir) throws Exception {
            BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
            for (int i = 0; i < 16; i++) {
                img.setRGB(i, i, 0xff8040);
            }
            ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
            ImageIO.write(img, "jpeg", jpeg);
            Files.write(dir.resolve("small.jpg"), jpeg.toByteArray());
        }

        @Override
        void readFile(Path file) throws Exception {
            ImageFiles.read(file, 1, 28, 28);
        }
    },
    IDX("IDX data files") {
        @Override
        void seeds(Path dir) throws Exception {
            Path bars = SyntheticBars.write(dir.resolveSibling("bars"), 4, 2); // beside the seeds, not in /tmp
            Files.copy(bars.resolve("train-labels-idx1-ubyte"), dir.resolve("labels.idx"));
            try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(
                    bars.resolve("train-images-idx3-ubyte.gz")))) {
                Files.write(dir.resolve("images.idx"), in.readAllBytes());
            }
        }

        @Override
        void readFile(Path file) throws Exception {
            IdxFile.read(file);
        }
    },
    IDX_GZIP("gzip-compressed IDX data files") {
        @Override
        void seeds(Path dir) throws Exception {
            Path bars = SyntheticBars.write(dir.resolveSibling("bars"), 4, 2); // beside the seeds, not in /tmp
            Files.copy(bars.resolve("train-images-idx3-ubyte.gz"), dir.resolve("images.idx.gz"));
        }

        @Override
        void read(byte[] input, Path scratch) throws Exception {
            Path gz = scratch.resolveSibling(scratch.getFileName() + ".gz");
            Files.write(gz, input);
            IdxFile.read(gz);
        }
    },
    NPY("NumPy .npy arrays") {
        @Override
        void seeds(Path dir) throws Exception {
            NpyWriter.write(dir.resolve("floats.npy"), new float[][] {{1, 2, 3}, {4, 5, 6}});
        }

        @Override
        void readFile(Path file) throws Exception {
            NpyReader.read(file);
        }
    },
    MODEL_CONFIG("model folders' config.json") {
        @Override
        void seeds(Path dir) throws Exception {
            for (String family : List.of("vae", "ldm", "stylegan")) {
                Files.copy(Path.of("models", family, ModelDirectory.CONFIG), dir.resolve(family + ".json"));
            }
        }

        @Override
        void read(byte[] input, Path scratch) throws Exception {
            Path folder = Files.createDirectories(scratch.resolveSibling("model"));
            Files.write(folder.resolve(ModelDirectory.CONFIG), input);
            ModelDirectory.open(folder);
        }
    },
    SAFETENSORS("safetensors checkpoints") {
        @Override
        void seeds(Path dir) throws Exception {
            float[] v = {0.5f, -1.25f, 3f, 0f, 1e-3f, 7f};
            SafeTensors.write(dir.resolve("small.safetensors"), List.of(
                    Tensor.ofFloats("first_stage_model.decoder.conv_in.weight", new long[] {2, 3}, v, DType.F32),
                    Tensor.ofFloats("model.diffusion_model.out.2.bias", new long[] {6}, v, DType.F16),
                    Tensor.ofFloats("encoder.conv_in.bias", new long[] {3, 2}, v, DType.BF16)),
                    Map.of("format", "pt"));
        }

        @Override
        void readFile(Path file) {
            readCheckpoint(file);
        }
    },
    TORCH_ZIP(".ckpt checkpoints (torch zip with a pickle)", true) {
        @Override
        void seeds(Path dir) throws Exception {
            python("import torch, collections\n"
                    + "g = torch.Generator().manual_seed(0)\n"
                    + "sd = collections.OrderedDict()\n"
                    + "sd['model.diffusion_model.input_blocks.0.0.weight'] = torch.randn(4, 2, 3, 3, generator=g)\n"
                    + "sd['first_stage_model.decoder.conv_in.bias'] = torch.randn(4, generator=g).half()\n"
                    + "sd['cond_stage_model.transformer.text_model.final_layer_norm.weight'] = "
                    + "torch.randn(4, generator=g).bfloat16()\n"
                    + "sd['model_ema.decay'] = torch.tensor(0.9999)\n"
                    + "torch.save({'state_dict': sd, 'global_step': 5}, '" + dir.resolve("small.ckpt") + "')\n");
        }

        @Override
        void readFile(Path file) {
            readCheckpoint(file);
        }
    },
    NETWORK_PICKLE("StyleGAN2-ADA network pickles (.pkl)", true) {
        @Override
        void seeds(Path dir) throws Exception {
            Files.copy(PythonPeer.fixtures("stylegan_pickles.py").resolve("sg2-orig.pkl"), dir.resolve("sg2.pkl"));
        }

        @Override
        void readFile(Path file) {
            readCheckpoint(file);
        }
    };

    final String description;
    private final boolean pickled;

    FuzzedReader(String description) {
        this(description, false);
    }

    /** @param pickled whether the format holds a pickle, whose seeds Debian's python3-torch writes */
    FuzzedReader(String description, boolean pickled) {
        this.description = description;
        this.pickled = pickled;
    }

    /** Writes valid inputs of this reader into {@code dir}. */
    abstract void seeds(Path dir) throws Exception;

    /** Reads one input: a result or genlab's own error are both fine. Most readers read it as a file. */
    void read(byte[] input, Path scratch) throws Exception {
        Files.write(scratch, input);
        readFile(scratch);
    }

    /** Reads one input written as {@code file}. */
    void readFile(Path file) throws Exception {
        throw new UnsupportedOperationException(this + " reads bytes");
    }

    /**
     * Whether a hostile input could make this reader run code (a pickle names callables): then Jazzer's sanitizers,
     * which catch deserialization, reflective calls, commands and the like, watch it.
     */
    boolean mayRunCode() {
        return pickled;
    }

    /** Whether what {@link #seeds} needs is installed here. */
    boolean available() throws Exception {
        return !pickled || PythonPeer.available();
    }

    String id() {
        return name().toLowerCase().replace('_', '-');
    }

    /** A checkpoint as genlab loads one: opened, its kind detected and every tensor read. */
    static void readCheckpoint(Path file) {
        var checkpoint = Checkpoints.open(file);
        CheckpointKind.of(checkpoint);
        checkpoint.tensors().values().forEach(t -> t.read());
    }

    /** A record with its options in a fixed order, so that every run starts from the same seed. */
    static GenerationRecord record() {
        return GenerationRecord.builder("0.1.0", "abc").model("ldm", "ldm", "0123456789abcdef0123456789abcdef")
                .seeds(7, 7, 0, new GenerationRecord.MicroBatch(7, 1, 0)).image(1.0, 8, 8).runtime("cpu", 2)
                .settings(new SamplerSettings("dpmpp-2m", 20, 3.0, 0, true), new TreeMap<>(Map.of("prompt",
                        "a (red:1.2) shoe", "negative_prompt", "blurry"))).build();
    }

    /** A small genlab PNG with both its records (genlab's and A1111's). */
    static byte[] png() {
        float[] px = new float[3 * 8 * 8];
        for (int i = 0; i < px.length; i++) {
            px[i] = (i % 7) / 7f;
        }
        return ImageGeneration.png(new Image(3, 8, 8, px), record());
    }

    private static void python(String script) throws Exception {
        Process p = new ProcessBuilder(PythonPeer.PYTHON.toString(), "-c", script).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("the seed script failed:\n" + log);
        }
    }
}
