package dev.genlab.train;

import dev.genlab.core.AtomicFiles;
import dev.genlab.modelstore.ModelDirectory;
import dev.genlab.modelstore.ModelManifest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes MODEL_CARD.md: what the model is, how exactly it was trained, what it scored, its loss curve. */
public final class ModelCardWriter {

    private ModelCardWriter() {}

    /**
     * @param architecture a few lines describing the network
     * @param samplesFile  a picture in the model folder to show, or null
     */
    public static void write(Path dir, ModelManifest m, long parameters, String architecture, TrainingState state,
            String samplesFile) {
        StringBuilder sb = new StringBuilder();
        ModelManifest.TrainingInfo t = m.training();
        sb.append("# Model card: ").append(m.name()).append("\n\n");
        sb.append(m.description()).append("\n\n");
        if (samplesFile != null) {
            sb.append("![samples](").append(samplesFile).append(")\n\n");
        }
        sb.append("## Summary\n\n| | |\n|---|---|\n");
        row(sb, "family", m.family());
        row(sb, "image size", m.image().size() + " × " + m.image().channels() + " channel(s)");
        row(sb, "classes", m.classes() == null || m.classes().isEmpty() ? "unconditional" : String.join(", ", m.classes()));
        row(sb, "parameters", String.format(Locale.ROOT, "%,d", parameters));
        row(sb, "headline", m.headline());
        sb.append("\n## Training\n\n| | |\n|---|---|\n");
        row(sb, "command", "`" + t.command() + "`");
        row(sb, "data", t.data());
        row(sb, "seed", String.valueOf(t.seed()));
        row(sb, "epochs", String.valueOf(t.epochs()));
        row(sb, "steps", String.valueOf(t.steps()));
        row(sb, "batch size", String.valueOf(t.batchSize()));
        row(sb, "wall time", String.format(Locale.ROOT, "%.0f s (%.1f min)", t.seconds(), t.seconds() / 60));
        row(sb, "genlab", t.version() + ", commit " + t.commit());
        sb.append("\n## Metrics\n\n| metric | value |\n|---|---|\n");
        m.metrics().forEach((k, v) -> row(sb, k, String.format(Locale.ROOT, "%.4g", v)));
        sb.append("\n## Architecture\n\n").append(architecture).append("\n");
        List<TrainingState.EpochSummary> epochs = state.epochs();
        if (!epochs.isEmpty()) {
            List<String> keys = List.copyOf(epochs.get(0).losses().keySet());
            sb.append("\n## Training curve (mean per epoch)\n\n| epoch | step | ")
                    .append(String.join(" | ", keys)).append(" | time s |\n|")
                    .append("---|".repeat(keys.size() + 3)).append("\n");
            for (TrainingState.EpochSummary e : epochs) {
                sb.append("| ").append(e.epoch() + 1).append(" | ").append(e.step());
                for (String k : keys) {
                    sb.append(" | ").append(String.format(Locale.ROOT, "%.3f", e.losses().getOrDefault(k, Double.NaN)));
                }
                sb.append(String.format(Locale.ROOT, " | %.0f |\n", e.seconds()));
            }
        }
        sb.append("\n## Reproduce\n\nRun the command above from the repository root at the commit shown. "
                + "Training is deterministic for a given seed, thread count and machine.\n");
        AtomicFiles.write(dir.resolve(ModelDirectory.CARD), sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void row(StringBuilder sb, String k, String v) {
        sb.append("| ").append(k).append(" | ").append(v.replace("|", "\\|")).append(" |\n");
    }

    /** Formats losses for a log line. */
    public static String format(Map<String, Double> losses) {
        StringBuilder sb = new StringBuilder();
        losses.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(' ')
                .append(String.format(Locale.ROOT, "%.3f", v)));
        return sb.toString();
    }
}
