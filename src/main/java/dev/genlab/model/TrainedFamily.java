package dev.genlab.model;

import ai.djl.ndarray.NDManager;
import dev.genlab.modelstore.ModelDirectory;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * A family whose models genlab trains: a name, how a model folder is loaded, and the train subcommands.
 * Subclasses add what sets the family apart (capabilities, generate options, default sampler).
 */
public abstract class TrainedFamily implements ModelFamily {

    /** Loads a model folder of this family. */
    @FunctionalInterface
    public interface Loader {
        Generator load(ModelDirectory dir, NDManager manager);
    }

    private final String name;
    private final Loader loader;
    private final List<Supplier<? extends FamilyTrainCommand>> commands;

    @SafeVarargs
    protected TrainedFamily(String name, Loader loader, Supplier<? extends FamilyTrainCommand>... commands) {
        this.name = name;
        this.loader = loader;
        this.commands = Arrays.asList(commands);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Generator load(ModelDirectory dir, NDManager manager) {
        return loader.load(dir, manager);
    }

    @Override
    public final List<FamilyTrainCommand> trainCommands() {
        return commands.stream().<FamilyTrainCommand>map(Supplier::get).toList();
    }
}
