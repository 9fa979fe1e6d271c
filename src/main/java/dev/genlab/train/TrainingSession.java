package dev.genlab.train;

import dev.genlab.core.GenlabException;
import dev.genlab.data.Datasets;
import dev.genlab.data.ImageDataset;
import dev.genlab.data.Splits;
import dev.genlab.modelstore.ImageShape;
import dev.genlab.modelstore.NetworkConfig;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parts of a training run that do not depend on the family: loading the data, refusing to clobber
 * an earlier run, resuming from its checkpoint (only with the same settings), and the loop itself.
 */
public final class TrainingSession {

    private static final String FINGERPRINT = "genlab.config_fingerprint";
    private static final String SEED = "genlab.seed";

    private TrainingSession() {}

    /** The data to train and validate on, cut to --limit. */
    public record Data(Splits splits, ImageDataset train, ImageDataset test) {

        /**
         * The classes a model conditions on: the data's, if asked for and every training image has a label;
         * else none (with a note when a conditional model was asked for).
         */
        public List<String> conditioningClasses(boolean wanted, PrintStream log) {
            if (!wanted) {
                return List.of();
            }
            boolean labelled = java.util.Arrays.stream(train.labels()).allMatch(l -> l >= 0)
                    && !train.classNames().isEmpty();
            if (!labelled) {
                log.println("note: the data has no class labels for every image; training an unconditional model");
                return List.of();
            }
            return train.classNames();
        }

        /** The shape of the training images, which the model is built for. */
        public ImageShape imageShape() {
            return new ImageShape(train.channels(), train.height(), train.width());
        }

        /** What the model card says the model was trained on. */
        public String describe() {
            return splits.train().source() + ", " + train.size() + " training images";
        }
    }

    /**
     * What a checkpoint must match to be resumed: the network settings, image shape and classes (a family adds
     * the training settings that change the run).
     */
    public static String fingerprint(NetworkConfig config) {
        return config.networkJson() + "|" + config.image() + "|" + config.classes();
    }

    public static Data loadData(TrainingOptions o, PrintStream log) {
        OutputLock.acquire(o.out());
        if (!o.resume() && Files.exists(o.checkpointFile())) {
            throw new GenlabException(o.out() + " already holds a training run; pass --resume to continue it, "
                    + "or choose another --out");
        }
        if (!o.resume() && Files.exists(o.out().resolve("config.json"))) {
            throw new GenlabException(o.out() + " already holds a trained model (config.json); choose another --out, "
                    + "or delete that folder first if you mean to replace it");
        }
        Splits splits = Datasets.load(o.data(), 1, 28, 28);
        ImageDataset train = o.limit() > 0 ? splits.train().head(o.limit()) : splits.train();
        ImageDataset test = o.limit() > 0 ? splits.test().head(Math.max(o.batchSize(), o.limit() / 4)) : splits.test();
        log.println("data: " + splits.describe());
        return new Data(splits, train, test);
    }

    /**
     * Runs (or resumes) the loop, checkpointing into the output folder.
     *
     * @param fingerprint the settings that must match for --resume (architecture, data shape, classes)
     */
    public static TrainingState run(TrainingOptions o, TrainingObjective objective, List<Adam> optimizers,
            ImageDataset train,
            String fingerprint, PrintStream log) {
        TrainingState state = TrainingState.start();
        if (o.resume()) {
            Checkpoint.Loaded ck = Checkpoint.load(o.checkpointFile());
            String saved = ck.metadata().get(FINGERPRINT);
            if (!fingerprint.equals(saved)) {
                throw new GenlabException("the checkpoint in " + o.out() + " was made with other settings ("
                        + saved + "); resume with the same options, or choose another --out");
            }
            String seed = ck.metadata().get(SEED);
            if (seed != null && !seed.equals(Long.toString(o.seed()))) {
                throw new GenlabException("the run in " + o.out() + " was started with --seed " + seed + "; resume it "
                        + "with the same seed (its config and card would say otherwise), or start a new run");
            }
            ck.restore(objective.parameters(), optimizers);
            state = ck.state();
            log.printf(Locale.ROOT, "resuming at epoch %d, step %d%n", state.epoch() + 1, state.globalStep());
        }
        Map<String, String> meta = new java.util.LinkedHashMap<>(); // ordered: Map.of's order varies by run
        meta.put(FINGERPRINT, fingerprint);
        meta.put(SEED, Long.toString(o.seed()));
        state = TrainingLoop.run(objective, optimizers, train, o.loopSettings(), state,
                st -> Checkpoint.save(o.checkpointFile(), objective.parameters(), optimizers, st, meta));
        for (TrainingState.EpochSummary e : state.epochs()) {
            log.printf(Locale.ROOT, "epoch %d: %s%n", e.epoch() + 1, ModelCardWriter.format(e.losses()));
        }
        if (state.epoch() < o.epochs()) {
            log.println("stopped at step " + state.globalStep() + " (--max-steps); continue with --resume");
        }
        return state;
    }
}
