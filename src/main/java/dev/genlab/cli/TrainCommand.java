package dev.genlab.cli;

import dev.genlab.catalog.Catalog;
import dev.genlab.model.FamilyTrainCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code genlab train}: a command with no options of its own. Its subcommands come from the families
 * ({@link dev.genlab.model.ModelFamily#trainCommands}); {@link #register} adds them with the options every
 * command that runs a network shares.
 */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train a model.")
final class TrainCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Adds every family's train subcommand under {@code train}, each with its own common options and context. */
    static void register(CommandLine train) {
        for (FamilyTrainCommand command : Catalog.trainCommands()) {
            CommonOptions common = new CommonOptions();
            CommandLine sub = new CommandLine(command);
            sub.addMixin("common", common);
            command.bind(new CommandLineTrainingContext(common));
            train.addSubcommand(sub);
        }
    }
}
