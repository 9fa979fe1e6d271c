package dev.genlab.report;

import static dev.genlab.report.Format.f;

import dev.genlab.bench.BenchResults;

/** The quality table as HTML (the Markdown report builds its own). */
final class MarkdownTables {

    private MarkdownTables() {}

    /** Test-split likelihoods of the models that have one; empty when none has. */
    static String likelihoodHtml(BenchResults r) {
        var rows = r.rows().stream().filter(x -> x.likelihood() != null).toList();
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("<h2>Likelihood</h2><table><tr><th>model</th><th>NLL bits/dim ↓</th>"
                + "<th>kind</th></tr>");
        for (var row : rows) {
            sb.append(f("<tr><td>%s</td><td>%.4f</td><td>%s</td></tr>", HtmlReport.esc(row.label()),
                    row.likelihood().bitsPerDim(), HtmlReport.esc(row.likelihood().kind())));
        }
        return sb.append("</table><p class='note'>From the model cards: the test split's negative log-likelihood "
                + "of 8-bit pixels, in bits per dimension (lower is better), unless the kind says otherwise.</p>").toString();
    }

    static String qualityHtml(BenchResults r) {
        boolean byClass = byClass(r);
        StringBuilder sb = new StringBuilder("<table><tr><th>model</th><th>samples × sets</th><th>FD-FMNIST ↓</th>"
                + "<th>KID ↓</th><th>IS ↑</th><th>precision ↑</th><th>recall ↑</th>"
                + (byClass ? "<th>class accuracy ↑</th>" : "") + "</tr>");
        for (BenchResults.Row row : r.rows()) {
            var q = row.quality();
            if (q == null) {
                sb.append(f("<tr><td>%s</td><td colspan='%d'>n/a: %s</td></tr>", HtmlReport.esc(row.label()),
                        byClass ? 7 : 6, HtmlReport.esc(row.qualityNote())));
                continue;
            }
            sb.append(f("<tr><td>%s</td><td>%d × %d</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>%s</tr>",
                    HtmlReport.esc(row.label()), q.samplesPerSet(), q.sets(), Format.spread(q.fd(), "%.2f"),
                    Format.spread(q.kid(), "%.4f"), Format.spread(q.inceptionScore(), "%.2f"),
                    Format.spread(q.precision(), "%.3f"), Format.spread(q.recall(), "%.3f"),
                    byClass ? "<td>" + Format.spread(q.classAccuracy(), "%.3f") + "</td>" : ""));
        }
        for (var q : floors(r)) {
            sb.append(f("<tr><td><i>real vs real: the floor at this sample size</i></td><td>%d × %d</td><td>%s</td>"
                    + "<td>%s</td><td>n/a</td><td>%s</td><td>%s</td>%s</tr>", q.samplesPerSet(), q.sets(), Format.spread(q.fd(), "%.2f"), Format.spread(q.kid(), "%.4f"),
                    Format.spread(q.precision(), "%.3f"), Format.spread(q.recall(), "%.3f"),
                    byClass ? "<td>n/a</td>" : ""));
        }
        return sb.append("</table><p class='note'>FD-FMNIST: Fréchet distance in the genlab classifier's feature space "
                + "(not FID). ± is the standard deviation over seed sets." + (byClass ? " " + BY_CLASS_NOTE : "")
                + "</p>").toString();
    }

    static final String BY_CLASS_NOTE = "Samples asked for each class in turn (a text-to-image model got a training "
            + "caption of it); class accuracy is the share the classifier put in the class asked for (n/a: the "
            + "model cannot be asked for a class).";

    /** Whether the run's quality samples asked for classes (older results files lack the setting). */
    static boolean byClass(BenchResults r) {
        return r.settings() != null && r.settings().byClass();
    }

    /** The real-vs-real floors: at the sample size asked for, then at each smaller one rows drew in a budget. */
    static java.util.List<dev.genlab.bench.BenchResults.Quality> floors(dev.genlab.bench.BenchResults r) {
        java.util.List<dev.genlab.bench.BenchResults.Quality> out = new java.util.ArrayList<>();
        if (r.reference() != null) {
            out.add(r.reference());
        }
        out.addAll(r.floors());
        return out;
    }
}
