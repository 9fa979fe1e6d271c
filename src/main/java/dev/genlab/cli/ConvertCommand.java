package dev.genlab.cli;

import dev.genlab.checkpoint.Checkpoint;
import dev.genlab.checkpoint.CheckpointConverter;
import dev.genlab.checkpoint.Checkpoints;
import dev.genlab.core.UsageException;
import dev.genlab.data.safetensors.DType;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code genlab convert IN OUT}: a checkpoint written again, in another format, layout or float type. */
@Command(name = "convert", mixinStandardHelpOptions = true, description = {"Write a checkpoint again: a .ckpt as "
    + "safetensors (nothing in its pickle is executed), fp32 as fp16 or bf16, or the original (CompVis) layout as a "
    + "diffusers folder and back.",
    "The VAE and text encoder are mapped between layouts; the UNet's map comes with the UNet (a full checkpoint's "
        + "layout cannot be changed yet). Written to a temporary file, moved into place at the end."})
final class ConvertCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "IN", description = "A .safetensors or .ckpt file, or a diffusers folder.")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT", description = "The .safetensors file, or with --layout diffusers the "
            + "folder, to write.")
    Path out;

    @Option(names = "--dtype", paramLabel = "fp16|bf16|fp32", description = "Float type of the written tensors "
            + "(default: each tensor's own).")
    String dtype;

    @Option(names = "--layout", paramLabel = "compvis|diffusers", defaultValue = "compvis", description = "compvis: "
            + "one safetensors file with the original names (default); diffusers: a diffusers folder.")
    String layout;

    @Override
    public Integer call() {
        DType type = dtype == null ? null : DTypes.parse(dtype);
        if (in.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
            throw new UsageException("IN and OUT are the same file: write to a new one");
        }
        Checkpoint c = Checkpoints.open(in);
        switch (layout) {
            case "compvis" -> {
                if (!out.getFileName().toString().endsWith(".safetensors")) {
                    throw new UsageException("OUT must end in .safetensors for --layout compvis, got " + out);
                }
                CheckpointConverter.toSafetensors(c, out, type);
            }
            case "diffusers" -> CheckpointConverter.toDiffusers(c, out, type);
            default -> throw new UsageException("--layout must be compvis or diffusers, got '" + layout + "'");
        }
        System.out.println("wrote " + out + " (" + c.tensors().size() + " tensors from " + c.format().label()
                + (type != null ? ", as " + dtype : "") + ")");
        return 0;
    }
}
