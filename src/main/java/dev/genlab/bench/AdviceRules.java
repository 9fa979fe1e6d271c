package dev.genlab.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * Advice derived from the measured table, never written by hand: the row that wins each use, with the
 * figures that decided it.
 */
public final class AdviceRules {

    /** The "quality within a time budget" advice uses this budget per image. */
    static final double BUDGET_SECONDS = 0.1;

    /** A sampler row counts as good as the best one of its model when its FD is within this share of it. */
    static final double NEAR_BEST = 0.10;

    private AdviceRules() {}

    /** @param procedural whether a row's model is procedural (its family's capability) */
    static List<BenchResults.Advice> derive(List<BenchResults.Row> all, Predicate<BenchResults.Row> procedural) {
        List<BenchResults.Advice> out = new ArrayList<>();
        // procedural generators make textures and fractals, not the dataset's kind of image: they would win
        // every speed and memory contest without being an answer to "which model should make my images"
        List<BenchResults.Row> formulas = all.stream().filter(procedural).toList();
        List<BenchResults.Row> rows = all.stream().filter(r -> !formulas.contains(r)).toList();
        if (!formulas.isEmpty()) {
            BenchResults.Row quick = min(formulas, r -> r.latency().median());
            out.add(new BenchResults.Advice("procedural images (no training, no data)", quick.model(),
                    String.format(Locale.ROOT, "%.1f ms per image at batch 1 (median), the fastest of %s; left out "
                            + "of the advice below, which compares models of the training data",
                            quick.latency().median() * 1000,
                            String.join(", ", formulas.stream().map(BenchResults.Row::model).toList()))));
        }
        if (rows.isEmpty()) {
            return out;
        }
        BenchResults.Row fastest = min(rows, r -> r.latency().median());
        out.add(new BenchResults.Advice("interactive use (lowest latency)", fastest.label(), String.format(Locale.ROOT,
                "%.1f ms per image at batch 1 (median)", fastest.latency().median() * 1000)));
        BenchResults.Row throughput = min(rows, r -> -r.imagesPerSecond());
        out.add(new BenchResults.Advice("batch production (highest throughput)", throughput.label(),
                String.format(Locale.ROOT, "%s images/s at batch %d", rate(throughput.imagesPerSecond()),
                        throughput.bestBatch())));
        BenchResults.Row lean = min(rows, BenchResults.Row::peakRssMb);
        out.add(new BenchResults.Advice("least memory", lean.label(), String.format(Locale.ROOT,
                "%.0f MB peak resident memory", lean.peakRssMb())));
        List<BenchResults.Row> measured = rows.stream().filter(r -> r.quality() != null).toList();
        if (measured.isEmpty()) {
            out.add(new BenchResults.Advice("best quality", "n/a",
                    "quality was not measured (install models/classifier with `genlab train classifier`)"));
            return out;
        }
        BenchResults.Row best = min(measured, r -> r.quality().fd().mean());
        var fd = best.quality().fd();
        out.add(new BenchResults.Advice("best quality (lowest FD-FMNIST)", best.label(), best.quality().sets() > 1
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
                    BUDGET_SECONDS * 1000), b.label(), String.format(Locale.ROOT, "FD-FMNIST %.2f at %.1f ms",
                    b.quality().fd().mean(), b.latency().median() * 1000)));
        }
        out.addAll(samplerChoices(measured));
        out.addAll(guidanceChoices(measured));
        return out;
    }

    /** A guidance scale counts as following the class when its class accuracy is at least this share of the best. */
    static final double NEAR_BEST_ACCURACY = 0.95;

    /**
     * For each model measured at several guidance scales with class-balanced samples: among the rows whose class
     * accuracy is within {@link #NEAR_BEST_ACCURACY} of the model's best, the one with the lowest FD-FMNIST —
     * strong enough guidance to get the class asked for, no stronger than variety allows.
     */
    static List<BenchResults.Advice> guidanceChoices(List<BenchResults.Row> measured) {
        List<BenchResults.Advice> out = new ArrayList<>();
        var byModel = new java.util.LinkedHashMap<String, List<BenchResults.Row>>();
        measured.stream().filter(r -> r.settings().containsKey("cfg") && r.quality().classAccuracy() != null)
                .forEach(r -> byModel.computeIfAbsent(r.model(), k -> new ArrayList<>()).add(r));
        byModel.forEach((model, rows) -> {
            if (rows.stream().map(r -> r.settings().get("cfg")).distinct().count() < 2) {
                return;
            }
            BenchResults.Row top = min(rows, r -> -r.quality().classAccuracy().mean());
            double floor = top.quality().classAccuracy().mean() * NEAR_BEST_ACCURACY;
            BenchResults.Row pick = min(rows.stream().filter(r -> r.quality().classAccuracy().mean() >= floor).toList(),
                    r -> r.quality().fd().mean());
            String because = pick == top
                    ? String.format(Locale.ROOT, "the highest class accuracy of its %d rows (%.3f), with FD-FMNIST "
                            + "%.1f, the lowest FD of those within %.0f%% of that accuracy", rows.size(),
                            pick.quality().classAccuracy().mean(), pick.quality().fd().mean(),
                            100 * (1 - NEAR_BEST_ACCURACY))
                    : String.format(Locale.ROOT, "class accuracy %.3f (best %.3f, %s) with FD-FMNIST %.1f against %.1f: "
                            + "the lowest FD of the rows within %.0f%% of the best accuracy",
                            pick.quality().classAccuracy().mean(), top.quality().classAccuracy().mean(), top.label(),
                            pick.quality().fd().mean(), top.quality().fd().mean(), 100 * (1 - NEAR_BEST_ACCURACY));
            out.add(new BenchResults.Advice("guidance scale for " + model + " (follows the class, keeps variety)",
                    pick.label(), because));
        });
        return out;
    }

    /**
     * For each model measured with several samplers or step counts: the cheapest row (time per image at the
     * best batch) whose FD-FMNIST is within {@link #NEAR_BEST} of the model's best — the sampler that gives
     * the most quality per second on this machine.
     */
    static List<BenchResults.Advice> samplerChoices(List<BenchResults.Row> measured) {
        List<BenchResults.Advice> out = new ArrayList<>();
        var byModel = new java.util.LinkedHashMap<String, List<BenchResults.Row>>();
        measured.stream().filter(r -> r.settings().containsKey("sampler"))
                .forEach(r -> byModel.computeIfAbsent(r.model(), k -> new ArrayList<>()).add(r));
        byModel.forEach((model, rows) -> {
            if (rows.size() < 2) {
                return;
            }
            BenchResults.Row best = min(rows, r -> r.quality().fd().mean());
            double limit = best.quality().fd().mean() * (1 + NEAR_BEST);
            BenchResults.Row pick = min(rows.stream().filter(r -> r.quality().fd().mean() <= limit).toList(),
                    r -> 1 / r.imagesPerSecond());
            String because = pick == best
                    ? String.format(Locale.ROOT, "the best FD-FMNIST of its %d rows (%.1f) and the cheapest of those "
                            + "within %.0f%% of it: %.1f ms per image at batch %d", rows.size(),
                            best.quality().fd().mean(), 100 * NEAR_BEST, 1000 / pick.imagesPerSecond(), pick.bestBatch())
                    : String.format(Locale.ROOT, "FD-FMNIST %.1f, within %.0f%% of the best (%.1f, %s) at %.1f ms per "
                            + "image (batch %d), %.1f× less time than it", pick.quality().fd().mean(), 100 * NEAR_BEST,
                            best.quality().fd().mean(), best.label(), 1000 / pick.imagesPerSecond(), pick.bestBatch(),
                            best.imagesPerSecond() > 0 ? pick.imagesPerSecond() / best.imagesPerSecond() : Double.NaN);
            out.add(new BenchResults.Advice("sampler for " + model + " (most quality per second)", pick.label(),
                    because));
        });
        return out;
    }

    private static BenchResults.Row min(List<BenchResults.Row> rows, ToDoubleFunction<BenchResults.Row> key) {
        return rows.stream().min(Comparator.comparingDouble(key)).orElseThrow();
    }

    /** Images a second with the digits that matter: 1234, 12.3, 0.036 (a Stable Diffusion image takes seconds). */
    public static String rate(double perSecond) {
        return perSecond >= 100 ? String.format(Locale.ROOT, "%.0f", perSecond)
                : perSecond >= 10 ? String.format(Locale.ROOT, "%.1f", perSecond)
                : String.format(Locale.ROOT, "%.2g", perSecond);
    }
}
