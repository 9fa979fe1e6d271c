package dev.genlab.train;

import dev.genlab.core.AtomicFiles;
import dev.genlab.core.GenlabException;
import dev.genlab.modelstore.ModelDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * StyleGAN2-ADA's limited-data ablation: the same configuration trained on a small subset for the same number
 * of steps, without and with adaptive discriminator augmentation. This class names the two runs, keeps their
 * figures and writes them as JSON, Markdown and a section of a model card; the training itself is the
 * ordinary StyleGAN trainer's.
 */
public final class AdaAblation {

    public static final String JSON_FILE = "ablation.json";
    public static final String MD_FILE = "ABLATION.md";
    static final String BEGIN = "<!-- genlab:ada-ablation -->";
    static final String END = "<!-- /genlab:ada-ablation -->";

    /**
     * One run's outcome.
     *
     * @param finalP  the augmentation probability at the end (null without ADA)
     * @param quality FD-FMNIST and friends from the classifier; empty when none was installed
     */
    public record Arm(long steps, double seconds, Double finalP, Map<String, Double> quality) {

        public static Arm of(TrainingState state, Map<String, Double> quality) {
            // the most recent mean: the steps since the last curve point, else that point, else the last epoch
            Map<String, Double> last = state.curveRunning().count() > 0 ? state.curveRunning().means()
                    : !state.curve().isEmpty() ? state.curve().get(state.curve().size() - 1).losses()
                    : state.lastLosses();
            return new Arm(state.globalStep(), state.seconds(), last.get("ada_p"), Map.copyOf(quality));
        }
    }

    /** Both runs and what they shared. */
    public record Result(int images, long steps, int batchSize, long seed, String command, Map<String, Arm> arms) {}

    private AdaAblation() {}

    /** The options of one run: the shared ones, in its own folder, on the first {@code images} images. */
    public static TrainingOptions armOptions(TrainingOptions base, String arm, int images, long steps) {
        long perEpoch = Math.max(1, images / base.batchSize());
        int epochs = (int) Math.min(Integer.MAX_VALUE, (steps + perEpoch - 1) / perEpoch);
        return new TrainingOptions(base.data(), base.out().resolve(arm), epochs, base.batchSize(), base.learningRate(),
                base.seed(), base.resume(), images, steps, base.checkpointEvery(), base.progress(), base.command(),
                base.name() + "-" + arm);
    }

    public static void write(Path dir, Result r) {
        AtomicFiles.write(dir.resolve(JSON_FILE), out -> ModelDirectory.JSON.writeValue(out, r));
        AtomicFiles.write(dir.resolve(MD_FILE), ("# ADA ablation\n\n" + table(r)).getBytes(StandardCharsets.UTF_8));
    }

    /** Replaces the card's ablation section, or appends one. */
    public static void addToCard(Path modelDir, Result r) {
        Path card = modelDir.resolve("MODEL_CARD.md");
        String text;
        try {
            text = Files.readString(card);
        } catch (IOException e) {
            throw new GenlabException("cannot read " + card + " (" + e.getMessage() + "): --card needs a trained "
                    + "model's folder");
        }
        String section = BEGIN + "\n## ADA ablation (limited data)\n\n" + table(r) + END + "\n";
        int from = text.indexOf(BEGIN);
        int to = text.indexOf(END);
        String updated = from >= 0 && to > from ? text.substring(0, from) + section + text.substring(to + END.length())
                .replaceFirst("^\n", "") : text.stripTrailing() + "\n\n" + section;
        AtomicFiles.write(card, updated.getBytes(StandardCharsets.UTF_8));
    }

    static String table(Result r) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "The same configuration trained on the first "
                + "%,d training images for %,d steps (batch %d, seed %d), without and with adaptive discriminator "
                + "augmentation; quality measured by genlab's classifier against the test split. Command: `%s`.%n%n",
                r.images(), r.steps(), r.batchSize(), r.seed(), r.command()));
        List<String> metrics = List.of("fd_fmnist", "kid", "precision", "recall", "class_accuracy");
        sb.append("| run | steps | wall time s | final p |");
        metrics.forEach(m -> sb.append(' ').append(m).append(" |"));
        sb.append("\n|---|---:|---:|---:|");
        metrics.forEach(m -> sb.append("---:|"));
        sb.append('\n');
        r.arms().forEach((name, a) -> {
            sb.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %s |", name, a.steps(), a.seconds(),
                    a.finalP() == null ? "—" : String.format(Locale.ROOT, "%.3f", a.finalP())));
            metrics.forEach(m -> sb.append(' ').append(a.quality().containsKey(m)
                    ? String.format(Locale.ROOT, "%.4g", a.quality().get(m)) : "n/a").append(" |"));
            sb.append('\n');
        });
        return sb.append('\n').append(verdict(r)).append("\n\n").toString();
    }

    /** What the figures say, in one sentence; never more than they show. */
    public static String verdict(Result r) {
        Arm without = r.arms().get("no-ada");
        Arm with = r.arms().get("ada");
        if (without == null || with == null || !without.quality().containsKey("fd_fmnist")
                || !with.quality().containsKey("fd_fmnist")) {
            return "Quality was not measured (no classifier installed), so the runs cannot be compared.";
        }
        double a = without.quality().get("fd_fmnist");
        double b = with.quality().get("fd_fmnist");
        String direction = b < a ? "lowered" : b > a ? "raised" : "left unchanged";
        return String.format(Locale.ROOT, "ADA %s FD-FMNIST from %.1f to %.1f (%+.0f%%) at this scale, in one run "
                + "each (one seed): the difference includes run-to-run variation, which this ablation does not "
                + "measure.", direction, a, b, 100 * (b - a) / a);
    }
}
