package dev.genlab.train.options;

import dev.genlab.train.ModelCardWriter;
import dev.genlab.train.TrainingState;
import java.nio.file.Path;
import java.util.Map;

/** The last line of every training command: where the model went, how long it took, what it measured. */
public final class TrainingSummary {

    private TrainingSummary() {}

    public static void written(Path dir, TrainingState state, String extra) {
        System.out.println("model written to " + dir + " (" + state.globalStep() + " steps, "
                + Math.round(state.seconds()) + " s)" + extra);
    }

    /** With the model card's figures, if any were measured. */
    public static void written(Path dir, TrainingState state, Map<String, Double> quality) {
        written(dir, state, quality.isEmpty() ? "" : "; " + ModelCardWriter.format(quality));
    }
}
