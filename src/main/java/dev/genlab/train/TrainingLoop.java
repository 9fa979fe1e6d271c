package dev.genlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.genlab.core.GenlabException;
import dev.genlab.core.SeededRandom;
import dev.genlab.core.UsageException;
import dev.genlab.data.ImageDataset;
import dev.genlab.nn.NonFinite;
import java.util.List;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Minibatch training by epochs with Adam. The order of the data in epoch e and the noise of step s are
 * drawn from streams derived from (seed, e) and (seed, s), so a run resumed from a checkpoint takes
 * exactly the steps an uninterrupted run would have taken.
 */
public final class TrainingLoop {

    /** A point of the loss curve every this many steps. */
    public static final int CURVE_EVERY = 50;
    private static final long SHUFFLE = 0x5348L;
    private static final long NOISE = 0x4E4FL;

    /**
     * @param checkpointEvery steps between checkpoints (also one at the end of each epoch)
     * @param maxSteps        stop after this many steps in total (for tests and smoke runs), or 0 for no limit
     */
    public record Settings(int epochs, int batchSize, long seed, int checkpointEvery, long maxSteps,
            boolean progress) {

        public Settings {
            if (epochs < 1 || epochs > 100_000) {
                throw new UsageException("--epochs must be between 1 and 100000, got " + epochs);
            }
            if (batchSize < 1 || batchSize > 65_536) {
                throw new UsageException("--batch-size must be between 1 and 65536, got " + batchSize);
            }
            if (maxSteps < 0) {
                throw new UsageException("--max-steps must be 0 (no limit) or more, got " + maxSteps);
            }
            if (checkpointEvery < 1) {
                throw new UsageException("--checkpoint-every must be at least 1, got " + checkpointEvery);
            }
        }
    }

    /** Called to write a checkpoint of the given state. */
    @FunctionalInterface
    public interface CheckpointSink {
        void save(TrainingState state);
    }

    private TrainingLoop() {}

    public static TrainingState run(TrainingObjective objective, List<Adam> optimizers, ImageDataset data, Settings s,
            TrainingState start, CheckpointSink checkpoints) {
        int perEpoch = data.size() / s.batchSize();
        if (perEpoch == 0) {
            throw new UsageException("--batch-size " + s.batchSize() + " is larger than the " + data.size()
                    + " training images; use a smaller batch");
        }
        NDManager root = objective.parameters().manager();
        objective.parameters().setTraining(true);
        TrainingState state = start;
        try {
            TrainingMemory.check(objective, data, s.batchSize(), s.seed());
            for (int epoch = state.epoch(); epoch < s.epochs(); epoch++) {
                int[] order = SeededRandom.derive(s.seed(), SHUFFLE, epoch).permutation(data.size());
                long sessionStart = System.nanoTime();
                double secondsBefore = state.seconds();
                int stepsThisSession = 0;
                try (ProgressBar bar = progressBar(s, epoch, perEpoch, state.batchInEpoch())) {
                    for (int b = state.batchInEpoch(); b < perEpoch; b++) {
                        if (s.maxSteps() > 0 && state.globalStep() >= s.maxSteps()) {
                            checkpoints.save(state);
                            return state;
                        }
                        Map<String, Double> losses = step(objective, optimizers, root, data, order, b, s,
                                state.globalStep());
                        stepsThisSession++;
                        long step = state.globalStep() + 1;
                        double seconds = secondsBefore + (System.nanoTime() - sessionStart) / 1e9;
                        TrainingState.Running curveRunning = state.curveRunning().add(losses);
                        if (step % CURVE_EVERY == 0) {
                            state.curve().add(new TrainingState.CurvePoint(step, curveRunning.means()));
                            curveRunning = TrainingState.Running.empty();
                        }
                        state = new TrainingState(epoch, b + 1, step, seconds, state.curve(), state.epochs(),
                                curveRunning, state.epochRunning().add(losses));
                        if (bar != null) {
                            bar.step();
                            double rate = stepsThisSession * s.batchSize() / ((System.nanoTime() - sessionStart) / 1e9);
                            bar.setExtraMessage(String.format("loss %.2f  %.0f img/s", losses.get("loss"), rate));
                        }
                        if (step % s.checkpointEvery() == 0 && b + 1 < perEpoch) {
                            checkpoints.save(state);
                        }
                    }
                }
                state.epochs().add(new TrainingState.EpochSummary(epoch, state.globalStep(),
                        state.epochRunning().means(), state.seconds()));
                state = new TrainingState(epoch + 1, 0, state.globalStep(), state.seconds(), state.curve(),
                        state.epochs(), state.curveRunning(), TrainingState.Running.empty());
                checkpoints.save(state);
            }
            return state;
        } finally {
            objective.parameters().setTraining(false);
        }
    }

    private static Map<String, Double> step(TrainingObjective objective, List<Adam> optimizers, NDManager root,
            ImageDataset data, int[] order, int b, Settings s, long globalStep) {
        try (NDManager m = root.newSubManager()) {
            int from = b * s.batchSize();
            int to = from + s.batchSize();
            SeededRandom noise = SeededRandom.derive(s.seed(), NOISE, globalStep);
            float[] pixels = data.gather(order, from, to);
            objective.augment(pixels, s.batchSize(), data.channels(), data.height(), data.width(), noise);
            NDArray images = m.create(pixels, new Shape(s.batchSize(), data.channels(), data.height(), data.width()));
            int[] labels = data.gatherLabels(order, from, to);
            Map<String, Double> out;
            try {
                out = objective.update(images, labels, noise, optimizers);
            } catch (NonFiniteGradient e) {
                throw diverged(globalStep, e.getMessage() + " (the weights are still finite)");
            }
            if (!out.values().stream().allMatch(Double::isFinite)) {
                String where = NonFinite.first(objective.parameters().all())
                        .map(name -> "parameter " + name + " is not finite")
                        .orElse("every parameter is finite, so the forward pass made it");
                throw diverged(globalStep, "losses " + out + "; " + where);
            }
            return out;
        }
    }

    /** One line: the step, what went non-finite first, and what to do. */
    private static GenlabException diverged(long globalStep, String what) {
        return new GenlabException("training diverged at step " + (globalStep + 1) + ": " + what
                + "; lower --lr, or resume from the last checkpoint (it holds the last finite weights); "
                + "`genlab doctor` checks the engine on this machine");
    }

    private static ProgressBar progressBar(Settings s, int epoch, int perEpoch, int done) {
        if (!s.progress()) {
            return null;
        }
        ProgressBar bar = new ProgressBarBuilder().setTaskName(String.format("epoch %d/%d", epoch + 1, s.epochs()))
                .setInitialMax(perEpoch).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(1000)
                .continuousUpdate().build();
        bar.stepTo(done);
        return bar;
    }
}
