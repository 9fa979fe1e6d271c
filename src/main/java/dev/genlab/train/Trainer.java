package dev.genlab.train;

import java.io.PrintStream;

/** What a family's trainer starts from: the log its progress goes to, and the data its options name. */
public abstract class Trainer {

    protected final PrintStream log;

    protected Trainer(PrintStream log) {
        this.log = log;
    }

    /** Reads the training and test images the options name, and says on the log what they are. */
    protected TrainingSession.Data loadData(TrainingOptions o) {
        return TrainingSession.loadData(o, log);
    }
}
