package dev.genlab.report;

import dev.genlab.bench.BenchResults;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The trade-off people tune with classifier-free guidance: class accuracy (does the image show what was asked
 * for) and FD-FMNIST (is it like the data, in its variety) against the guidance scale, a line per model,
 * sampler and step count. Drawn where a run has several scales of one such line with class-balanced samples.
 */
final class GuidanceCharts {

    private GuidanceCharts() {}

    static String html(BenchResults r) {
        Map<String, TreeMap<Double, BenchResults.Quality>> lines = lines(r);
        if (lines.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("<h2>Guidance scale</h2>");
        sb.append(SvgChart.linesLinearX("Class accuracy vs guidance scale (higher is better)",
                "classifier-free guidance scale (1 = none)", "class accuracy",
                SvgChart.series(lines, q -> q.classAccuracy().mean())));
        sb.append(SvgChart.linesLinearX("Quality vs guidance scale (lower is better)",
                "classifier-free guidance scale (1 = none)", "FD-FMNIST", SvgChart.series(lines, q -> q.fd().mean())));
        return sb.append("<p class='note'>Samples ask for each class in turn (a text-to-image model gets a training "
                + "caption of it); class accuracy is the share the classifier puts in the class asked for. Stronger "
                + "guidance usually raises it and, past some scale, costs variety, which FD-FMNIST sees.</p>")
                .toString();
    }

    /** Rows with a guidance scale and a class accuracy, by model, sampler and steps; lines of one point dropped. */
    static Map<String, TreeMap<Double, BenchResults.Quality>> lines(BenchResults r) {
        Map<String, TreeMap<Double, BenchResults.Quality>> lines = new LinkedHashMap<>();
        for (BenchResults.Row row : r.rows()) {
            Map<String, String> s = row.settings();
            if (s.containsKey("cfg") && row.quality() != null && row.quality().classAccuracy() != null) {
                lines.computeIfAbsent(row.model() + " " + s.get("sampler") + " " + s.get("steps"), k -> new TreeMap<>())
                        .put(Double.parseDouble(s.get("cfg")), row.quality());
            }
        }
        lines.values().removeIf(l -> l.size() < 2);
        return lines;
    }
}
