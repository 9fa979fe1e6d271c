package dev.genlab.cli;

import dev.genlab.catalog.Catalog;
import dev.genlab.core.UsageException;
import dev.genlab.data.safetensors.DType;
import dev.genlab.model.ModelFamily;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        + "without real weights (its rows say \"random weights: timing only\"). Never commit such a file."})
    static final class Random implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "ARCH", completionCandidates = Names.class, description = "The "
                + "architecture: ${COMPLETION-CANDIDATES}.")
        String arch;

        @Parameters(index = "1", paramLabel = "OUT", description = "The file to write (.safetensors).")
        Path out;

        @Option(names = "--seed", defaultValue = "0", description = "Seed of the weights (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--dtype", description = "fp16, bf16 or fp32 (default: fp16 for sd1, fp32 for the others).")
        String dtype;

        @Override
        public Integer call() {
            List<ModelFamily.RandomArchitecture> all = architectures();
            var chosen = all.stream().filter(a -> a.name().equals(arch)).findFirst().orElseThrow(() ->
                    new UsageException("unknown architecture '" + arch + "': genlab writes " + String.join(" ",
                            all.stream().map(a -> a.name() + " (" + a.description() + ")").toList())));
            DType type = DTypes.parse(dtype != null ? dtype : arch.equals("sd1") ? "fp16" : "fp32");
            String what = chosen.writer().write(out, type, seed);
            System.out.println("wrote " + out + ": " + what + ", random weights (seed " + seed + "), for timing only; "
                    + "register it with `genlab models add NAME " + out + "`");
            return 0;
        }

        private static List<ModelFamily.RandomArchitecture> architectures() {
            List<ModelFamily.RandomArchitecture> out = new ArrayList<>();
            Catalog.families().forEach(f -> out.addAll(f.randomArchitectures()));
            return out;
        }

        /** The architectures' names, for the help. */
        static final class Names implements Iterable<String> {
            @Override
            public java.util.Iterator<String> iterator() {
                return architectures().stream().map(ModelFamily.RandomArchitecture::name).iterator();
            }
        }
    }
}
