package dev.genlab.model;

import java.util.concurrent.Callable;

/**
 * A family's {@code genlab train NAME} subcommand: a picocli command object, with its own options, that the
 * command line registers under {@code train} and binds to a {@link TrainingContext} before it runs. The
 * command line thereby knows no family's training options, and a family's training is changed in its package.
 */
public abstract class FamilyTrainCommand implements Callable<Integer> {

    private TrainingContext context;

    /** Called by the command line once, when it registers the command. */
    public final void bind(TrainingContext context) {
        this.context = context;
    }

    @Override
    public final Integer call() {
        if (context == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " ran without a training context");
        }
        try {
            return train(context);
        } finally {
            dev.genlab.train.OutputLock.releaseAll();
        }
    }

    /** Trains; returns the exit code (0). Failures are thrown as GenlabException or UsageException. */
    protected abstract int train(TrainingContext context);
}
