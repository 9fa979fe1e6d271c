package dev.genlab.train.options;

import dev.genlab.train.TrainingOptions;
import java.math.BigDecimal;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The options every family's training shares; a family gives its own default learning rate. */
public final class TrainingArgs {

    @Option(names = "--data", paramLabel = "DIR", description = "Folder of IDX files or images (class sub-folders); "
            + "default: Fashion-MNIST from the Debian package dataset-fashion-mnist.")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Model folder to write "
            + "(checkpoints go there too).")
    Path out;

    @Option(names = "--epochs", defaultValue = "10", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "128", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    // BigDecimal so that help shows the default as written (0.0002, not 2.0E-4)
    @Option(names = "--lr", converter = Decimal.class, description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    BigDecimal lr;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of initialisation, data order and noise "
            + "(default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--resume", description = "Continue the run in --out from its last checkpoint.")
    boolean resume;

    @Option(names = "--limit", defaultValue = "0", description = "Use only the first N training images (0 = all).")
    int limit;

    @Option(names = "--max-steps", defaultValue = "0", description = "Stop after this many steps in total "
            + "(0 = run all epochs); --resume continues.")
    long maxSteps;

    @Option(names = "--checkpoint-every", defaultValue = "200", description = "Steps between checkpoints "
            + "(default: ${DEFAULT-VALUE}; also at every epoch's end).")
    int checkpointEvery;

    @Option(names = "--no-progress", description = "No progress bar.")
    boolean noProgress;

    @Option(names = "--name", description = "Model name in config.json (default: the --out folder's name).")
    String name;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** With Adam's usual 0.001. */
    public TrainingArgs() {
        this("0.001");
    }

    /** With the family's own default learning rate, written as help should show it. */
    public TrainingArgs(String defaultLearningRate) {
        this.lr = new BigDecimal(defaultLearningRate);
    }

    public TrainingOptions toOptions() {
        String modelName = name != null ? name : out.toAbsolutePath().normalize().getFileName().toString();
        return new TrainingOptions(data, out, epochs, batchSize, lr.floatValue(), seed, resume, limit, maxSteps,
                checkpointEvery, !noProgress, commandLine(), modelName);
    }

    public Path out() {
        return out;
    }

    public int batchSize() {
        return batchSize;
    }

    public long seed() {
        return seed;
    }

    /** Whether --limit or --max-steps was given (commands that size the run themselves refuse them). */
    public boolean sizedByUser() {
        return limit != 0 || maxSteps != 0;
    }

    /** Reads a decimal number, with a one-line message for anything else. */
    static final class Decimal implements CommandLine.ITypeConverter<BigDecimal> {
        @Override
        public BigDecimal convert(String value) {
            try {
                return new BigDecimal(value.strip());
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a number");
            }
        }
    }

    /** The command line as the user typed it, for the model card. */
    private String commandLine() {
        StringBuilder sb = new StringBuilder("genlab");
        CommandLine.ParseResult parsed = command.commandLine().getParseResult();
        for (String s : parsed.originalArgs()) {
            sb.append(' ').append(s.contains(" ") ? "'" + s + "'" : s);
        }
        return sb.toString();
    }
}
