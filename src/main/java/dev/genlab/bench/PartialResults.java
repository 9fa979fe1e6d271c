package dev.genlab.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genlab.core.AtomicFiles;
import dev.genlab.core.GenlabException;
import dev.genlab.core.UsageException;
import dev.genlab.modelstore.ModelDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The rows a bench run has measured so far, rewritten after every row and kept when the run ends: a long
 * sweep (DDPM at 1000 steps takes tens of minutes) that is interrupted keeps its finished rows, and
 * {@code bench --resume} measures only the rest, or adds models to a finished run.
 */
public final class PartialResults {

    public static final String FILE = "rows.json";

    private static final ObjectMapper JSON = ModelDirectory.JSON;

    /** What makes two runs' rows comparable: rows are reused only under the same measurement settings. */
    public record Measurement(int reps, int qualitySamples, int seedSets, List<Integer> batchSizes, String device,
            Integer threads, boolean peers, boolean byClass) {

        static Measurement of(BenchRun.Settings s) {
            return new Measurement(s.reps(), s.qualitySamples(), s.seedSets(), s.batchSizes(), s.device(), s.threads(),
                    s.peers(), s.byClass());
        }
    }

    /** The file's content; the machine peak is kept so that resumed rows use the same one. */
    public record Content(String schema, Measurement measurement, double peakGflops, List<BenchResults.Row> rows) {}

    private PartialResults() {}

    public static Path file(Path dir) {
        return dir.resolve(FILE);
    }

    /**
     * The finished rows of the run in {@code dir}, or null if none were saved.
     *
     * @throws UsageException when they were measured under other settings
     */
    static Content load(Path dir, Measurement expected) {
        Path f = file(dir);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        Content c;
        try {
            c = JSON.readValue(f.toFile(), Content.class);
        } catch (IOException e) {
            throw new GenlabException(f + " is unreadable (" + e.getMessage().lines().findFirst().orElse("")
                    + "); delete it to measure every row again");
        }
        if (!expected.equals(c.measurement())) {
            throw new UsageException("the run in " + dir + " was measured with other settings (" + c.measurement()
                    + "); resume it with the same --reps/--samples/--seed-sets/--batch-sizes/--device/--threads/"
                    + "--peers/--by-class, or choose another --out");
        }
        return c;
    }

    static void save(Path dir, Measurement m, double peakGflops, List<BenchResults.Row> rows) {
        AtomicFiles.write(file(dir), out -> JSON.writeValue(out, new Content(BenchResults.SCHEMA, m, peakGflops, rows)));
    }

    /** The row of {@code model} under {@code settings} among those already finished, or null. */
    static BenchResults.Row find(Content done, String model, Map<String, String> settings) {
        if (done == null) {
            return null;
        }
        return done.rows().stream().filter(r -> r.model().equals(model) && r.settings().equals(settings)).findFirst()
                .orElse(null);
    }
}
