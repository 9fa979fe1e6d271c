package dev.genlab.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Advice derived from the measured table, never written by hand: the row that wins each use, with the
 * figures that decided it.
 */
final class AdviceRules {

    /** The "quality within a time budget" advice uses this budget per image. */
    static final double BUDGET_SECONDS = 0.1;

    private AdviceRules() {}

    static List<BenchResults.Advice> derive(List<BenchResults.Row> all) {
        List<BenchResults.Advice> out = new ArrayList<>();
        // procedural generators make textures and fractals, not the dataset's kind of image: they would win
        // every speed and memory contest without being an answer to "which model should make my images"
        List<BenchResults.Row> procedural = all.stream()
                .filter(r -> dev.genlab.model.procedural.ProceduralFamily.NAMES.contains(r.family())).toList();
        List<BenchResults.Row> rows = all.stream().filter(r -> !procedural.contains(r)).toList();
        if (!procedural.isEmpty()) {
            BenchResults.Row quick = min(procedural, r -> r.latency().median());
            out.add(new BenchResults.Advice("procedural images (no training, no data)", quick.model(),
                    String.format(Locale.ROOT, "%.1f ms per image at batch 1 (median), the fastest of %s; left out "
                            + "of the advice below, which compares models of the training data",
                            quick.latency().median() * 1000,
                            String.join(", ", procedural.stream().map(BenchResults.Row::model).toList()))));
        }
        if (rows.isEmpty()) {
            return out;
        }
        BenchResults.Row fastest = min(rows, r -> r.latency().median());
        out.add(new BenchResults.Advice("interactive use (lowest latency)", fastest.model(), String.format(Locale.ROOT,
                "%.1f ms per image at batch 1 (median)", fastest.latency().median() * 1000)));
        BenchResults.Row throughput = min(rows, r -> -r.imagesPerSecond());
        out.add(new BenchResults.Advice("batch production (highest throughput)", throughput.model(),
                String.format(Locale.ROOT, "%.0f images/s at batch %d", throughput.imagesPerSecond(),
                        throughput.bestBatch())));
        BenchResults.Row lean = min(rows, BenchResults.Row::peakRssMb);
        out.add(new BenchResults.Advice("least memory", lean.model(), String.format(Locale.ROOT,
                "%.0f MB peak resident memory", lean.peakRssMb())));
        List<BenchResults.Row> measured = rows.stream().filter(r -> r.quality() != null).toList();
        if (measured.isEmpty()) {
            out.add(new BenchResults.Advice("best quality", "n/a",
                    "quality was not measured (install models/classifier with `genlab train classifier`)"));
            return out;
        }
        BenchResults.Row best = min(measured, r -> r.quality().fd().mean());
        var fd = best.quality().fd();
        out.add(new BenchResults.Advice("best quality (lowest FD-FMNIST)", best.model(), best.quality().sets() > 1
                ? String.format(Locale.ROOT, "FD-FMNIST %.2f ± %.2f over %d seed sets", fd.mean(), fd.std(),
                        best.quality().sets())
                : String.format(Locale.ROOT, "FD-FMNIST %.2f (one seed set)", fd.mean())));
        List<BenchResults.Row> inBudget = measured.stream().filter(r -> r.latency().median() <= BUDGET_SECONDS).toList();
        if (inBudget.isEmpty()) {
            out.add(new BenchResults.Advice(String.format(Locale.ROOT, "best quality within %.0f ms per image",
                    BUDGET_SECONDS * 1000), "none", "no measured model is that fast"));
        } else {
            BenchResults.Row b = min(inBudget, r -> r.quality().fd().mean());
            out.add(new BenchResults.Advice(String.format(Locale.ROOT, "best quality within %.0f ms per image",
                    BUDGET_SECONDS * 1000), b.model(), String.format(Locale.ROOT, "FD-FMNIST %.2f at %.1f ms",
                    b.quality().fd().mean(), b.latency().median() * 1000)));
        }
        return out;
    }

    private static BenchResults.Row min(List<BenchResults.Row> rows, ToDoubleFunction<BenchResults.Row> key) {
        return rows.stream().min(Comparator.comparingDouble(key)).orElseThrow();
    }
}
