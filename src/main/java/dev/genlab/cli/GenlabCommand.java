package dev.genlab.cli;

import dev.genlab.core.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root command: `genlab`. */
@Command(name = "genlab", mixinStandardHelpOptions = true, versionProvider = GenlabCommand.VersionInfo.class,
        description = "Generate images with generative models and measure them side by side.",
        subcommands = {ModelsCommand.class, CheckpointCommand.class, ConvertCommand.class, GenerateCommand.class, TrainCommand.class, ReconstructCommand.class,
            InterpolateCommand.class, ProjectCommand.class, InfoCommand.class, EvalCommand.class, ClassifyCommand.class, BenchCommand.class,
            HistoryCommand.class, ServeCommand.class,
            DoctorCommand.class,
            CommandLine.HelpCommand.class})
public final class GenlabCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** `genlab --version`: version, commit, Java and engine versions. */
    static final class VersionInfo implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {Version.describe(), "Java " + System.getProperty("java.version") + ", DJL 0.33.0, "
                    + "PyTorch engine 2.5.1"};
        }
    }
}
