package dev.genlab.cli;

import dev.genlab.checkpoint.RandomCheckpoint;
import dev.genlab.checkpoint.Sd1Layout;
import dev.genlab.core.UsageException;
import dev.genlab.data.safetensors.DType;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code genlab checkpoint}: tools for checkpoint files. */
@Command(name = "checkpoint", mixinStandardHelpOptions = true, description = "Tools for checkpoint files.",
        subcommands = CheckpointCommand.Random.class)
final class CheckpointCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "random", mixinStandardHelpOptions = true, description = {"Write a checkpoint of a real "
        + "architecture and size with random weights, so that bench times the real networks on any machine "
        + "without real weights (its rows say \"random weights: timing only\").",
        "sd1: Stable Diffusion 1.x, single-file safetensors in the original layout (UNet, VAE, CLIP ViT-L/14 text "
            + "model; 2.1 GB in fp16). stylegan2-ffhq: a StyleGAN2-ADA generator of the FFHQ network's shape "
            + "(1024x1024, 30 M parameters; write it as fp32, NVIDIA's type). Never commit such a file."})
    static final class Random implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "ARCH", description = "The architecture: sd1 or stylegan2-ffhq.")
        String arch;

        @Parameters(index = "1", paramLabel = "OUT", description = "The file to write (.safetensors).")
        Path out;

        @Option(names = "--seed", defaultValue = "0", description = "Seed of the weights (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--dtype", defaultValue = "fp16", description = "fp16, bf16 or fp32 (default: "
                + "${DEFAULT-VALUE}).")
        String dtype;

        @Override
        public Integer call() {
            DType type = DTypes.parse(dtype);
            if (arch.equals("stylegan2-ffhq")) {
                long params = dev.genlab.model.stylegan2ada.Sg2RandomNetwork.writeFfhq(out, type, seed);
                System.out.printf(Locale.ROOT, "wrote %s: StyleGAN2-ADA FFHQ shape, %.1f M parameters, random "
                        + "weights (seed %d), for timing only; register it with `genlab models add NAME %s`%n", out,
                        params / 1e6, seed, out);
                return 0;
            }
            if (!arch.equals("sd1")) {
                throw new UsageException("unknown architecture '" + arch + "': genlab writes sd1 and stylegan2-ffhq");
            }
            System.err.printf(Locale.ROOT, "writing %s (%.2f GB of random weights)%n", out,
                    Sd1Layout.bytes(type) / 1e9);
            RandomCheckpoint.writeSd1(out, type, seed);
            System.out.println("wrote " + out + ": Stable Diffusion 1.x layout, random weights (seed " + seed
                    + "), for timing only; register it with `genlab models add NAME " + out + "`");
            return 0;
        }
    }
}
