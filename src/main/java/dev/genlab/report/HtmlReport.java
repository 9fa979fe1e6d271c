package dev.genlab.report;

import static dev.genlab.report.Format.f;

import dev.genlab.bench.BenchResults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** report.html: one self-contained page (charts as inline SVG, sample grids as data URIs). */
final class HtmlReport {

    private HtmlReport() {}

    static String render(BenchResults r, Path dir) {
        StringBuilder sb = new StringBuilder("<!doctype html><html><head><meta charset='utf-8'><title>genlab bench</title>"
                + "<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}"
                + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}"
                + "td:first-child,th:first-child{text-align:left}th{background:#f3f3f3}.note{color:#666;font-size:90%}"
                + ".grid{display:inline-block;margin:0 1em 1em 0;vertical-align:top}.grid img{image-rendering:pixelated;"
                + "max-width:460px}</style></head><body>");
        var m = r.machine();
        sb.append("<h1>genlab bench</h1>");
        sb.append(f("<p class='note'>genlab %s (commit %s), %s. %s, %d CPUs, %.0f GB memory; %s; %s on %s, %d threads; "
                + "machine peak %.1f GFLOP/s. The run took %.0f s.</p>", esc(r.genlab()), esc(r.commit()), esc(r.created()),
                esc(m.cpu()), m.cpus(), m.memoryGb(), esc(m.java()), esc(m.engine()), esc(m.device()), m.threads(),
                m.peakGflops(), r.wallSeconds()));
        sb.append("<h2>Advice</h2><ul>");
        for (BenchResults.Advice a : r.advice()) {
            sb.append(f("<li><b>%s</b>: %s — %s</li>", esc(a.use()), esc(a.model()), esc(a.because())));
        }
        sb.append("</ul>");
        sb.append("<h2>In the study's format (Table 3.1)</h2><table><tr><th>model</th><th>time s</th><th>VRAM MB</th>"
                + "<th>RAM MB</th></tr>");
        for (BenchResults.Row row : r.rows()) {
            sb.append(f("<tr><td>%s%s</td><td>%.4f</td><td>%s</td><td>%.0f</td></tr>", esc(row.label()),
                    row.unit() != null ? " ¹" : "", row.latency().median(), Format.gpu(row), row.peakRssMb()));
        }
        sb.append("</table><p class='note'>time: median for one image at batch 1; RAM: peak resident memory of the "
                + "model's own process (VmHWM); VRAM: peak GPU memory on CUDA.");
        r.rows().stream().filter(row -> row.unit() != null).forEach(row -> sb.append(f("<br>¹ %s: the time of one "
                + "unit, not of an image: %s.", esc(row.label()), esc(row.unit()))));
        sb.append("</p>");
        if (!r.failures().isEmpty()) {
            sb.append("<h2>Not measured</h2><table><tr><th>model</th><th>why</th></tr>");
            for (BenchResults.Failure failure : r.failures()) {
                sb.append(f("<tr><td>%s</td><td>%s</td></tr>", esc(failure.model() + (failure.settings().isEmpty() ? ""
                        : " " + failure.settings())), esc(failure.reason())));
            }
            sb.append("</table>");
        }
        sb.append("<h2>Speed and memory</h2><table><tr><th>model</th><th>latency ms (median [95% CI])</th><th>load s</th>"
                + "<th>best batch</th><th>images/s</th><th>RSS after load MB</th><th>peak RSS MB</th><th>GFLOP/image</th>"
                + "<th>GFLOP/s</th><th>of peak</th></tr>");
        for (BenchResults.Row row : r.rows()) {
            sb.append(f("<tr><td>%s</td><td>%s</td><td>%.2f</td><td>%d</td><td>%s</td><td>%.0f</td><td>%.0f</td>"
                    + "<td>%.4f</td><td>%.1f</td><td>%.1f%%</td></tr>", esc(row.label()), Format.latency(row),
                    row.loadSeconds(), row.bestBatch(), dev.genlab.bench.AdviceRules.rate(row.imagesPerSecond()), row.rssAfterLoadMb(), row.peakRssMb(),
                    row.flopsPerImage() / 1e9, row.gflops(), 100 * row.peakFraction()));
        }
        sb.append("</table><p class='note'>of peak: the GFLOP/s against the faster of an fp32 matrix multiply and a 3×3 convolution measured in the "
                + "model's own process, with its threads, right after its timings.</p>");
        List<SvgChart.Bars> mem = new ArrayList<>();
        List<SvgChart.Bars> speed = new ArrayList<>();
        for (BenchResults.Row row : r.rows()) {
            mem.add(new SvgChart.Bars(row.label(), new double[] {row.rssAfterLoadMb(), row.peakRssMb()}));
            speed.add(new SvgChart.Bars(row.label(), new double[] {row.latency().median() * 1000}));
        }
        sb.append(SvgChart.bars("Memory per model", "MB", List.of("resident after load", "peak resident"), mem));
        sb.append(SvgChart.bars("Time per image at batch 1", "ms", List.of("median latency"), speed));
        var phased = r.rows().stream().filter(x -> x.phases() != null).toList();
        if (!phased.isEmpty()) {
            sb.append("<h2>Time by phase</h2><table><tr><th>model</th><th>phase</th><th>ms per image, batch 1</th>"
                    + "<th>ms per image, best batch</th></tr>");
            for (BenchResults.Row row : phased) {
                var p = row.phases();
                p.batch1().forEach((phase, sec) -> sb.append(f("<tr><td>%s</td><td>%s</td><td>%.2f</td>"
                        + "<td>%.2f (batch %d)</td></tr>", esc(row.label()), esc(phase), 1000 * sec,
                        1000 * p.best().getOrDefault(phase, 0.0), p.bestBatch())));
            }
            sb.append("</table><p class='note'>Measured inside the pipeline (text encoder, denoising loop, decoder) "
                    + "during the latency runs and one call at the best batch; a repeated prompt's encoding is kept."
                    + "</p>");
        }
        sb.append("<h2>Quality</h2>");
        sb.append(MarkdownTables.qualityHtml(r));
        sb.append(MarkdownTables.likelihoodHtml(r));
        List<SvgChart.Point> pts = new ArrayList<>();
        // a sweep of one model's samplers: points named by sampler and steps alone, so that labels stay short
        boolean oneModel = r.rows().stream().filter(row -> row.quality() != null).map(BenchResults.Row::model)
                .distinct().count() == 1;
        boolean severalCfgs = r.rows().stream().map(row -> row.settings().get("cfg")).filter(java.util.Objects::nonNull)
                .distinct().count() > 1;
        for (BenchResults.Row row : r.rows()) {
            if (row.quality() != null) {
                String label = oneModel && row.settings().containsKey("sampler")
                        ? row.settings().get("sampler") + " " + row.settings().get("steps")
                                + (severalCfgs ? " cfg " + row.settings().get("cfg") : "") : row.label();
                pts.add(new SvgChart.Point(label, row.latency().median() * 1000, row.quality().fd().mean()));
            }
        }
        if (!pts.isEmpty()) {
            sb.append(SvgChart.scatterLogX("Time vs quality (lower left is better)", "ms per image (log scale)",
                    "FD-FMNIST", pts));
        }
        String steps = stepsChart(r);
        if (steps != null) {
            sb.append(steps);
        }
        sb.append(GuidanceCharts.html(r));
        if (r.rows().stream().anyMatch(row -> row.peer() != null)) {
            sb.append("<h2>Against the PyTorch-Python peers</h2><table><tr><th>model</th><th>max difference</th>"
                    + "<th>latency ms genlab / peer</th><th>ratio</th><th>batch</th><th>images/s genlab / peer</th>"
                    + "<th>ratio</th></tr>");
            for (BenchResults.Row row : r.rows()) {
                var p = row.peer();
                if (p != null) {
                    sb.append(f("<tr><td>%s</td><td>%.2g %s</td><td>%s / %s</td><td>%.2f</td><td>%d</td>"
                            + "<td>%.0f / %.0f</td><td>%.2f</td></tr>", esc(row.label()), p.maxAbsDiff(),
                            p.matches() ? "(match)" : "(MISMATCH)", Format.ms(p.genlabLatency()),
                            Format.ms(p.peerLatency()), p.latencyRatio(), p.batch(), p.genlabImagesPerSecond(),
                            p.peerImagesPerSecond(), p.throughputTimeRatio()));
                }
            }
            sb.append("</table><p class='note'>Same weights, seeds and thread count, timed in turns. Ratio = genlab "
                    + "time / peer time: below 1 means genlab is faster.</p>");
        }
        sb.append("<h2>Samples</h2>");
        for (BenchResults.Row row : r.rows()) {
            sb.append(f("<div class='grid'><div>%s</div>%s</div>", esc(row.label()), image(dir.resolve(row.grid()))));
        }
        sb.append("<h2>Machine</h2><table>");
        sb.append(f("<tr><td>CPU</td><td>%s (%d logical CPUs)</td></tr><tr><td>memory</td><td>%.1f GB</td></tr>"
                + "<tr><td>OS</td><td>%s %s</td></tr><tr><td>Java</td><td>%s</td></tr><tr><td>engine</td><td>%s</td></tr>"
                + "<tr><td>device, threads</td><td>%s, %d</td></tr><tr><td>peak (fp32 matmul)</td><td>%.1f GFLOP/s</td></tr>",
                esc(m.cpu()), m.cpus(), m.memoryGb(), esc(m.os()), esc(m.arch()), esc(m.java()), esc(m.engine()),
                esc(m.device()), m.threads(), m.peakGflops()));
        sb.append("</table></body></html>\n");
        return sb.toString();
    }

    private static String image(Path png) {
        try {
            return "<img alt='samples' src='data:image/png;base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(png))
                    + "'>";
        } catch (IOException e) {
            return "<p class='note'>no sample grid</p>";
        }
    }

    /**
     * Quality against sampling steps, a line per model and sampler, where a run has several step counts. FD is
     * biased upward at small sample sizes, so when the rows rest on different numbers of samples (a slow row
     * got fewer within the time budget) the chart plots KID, which is unbiased, instead.
     */
    static String stepsChart(BenchResults r) {
        List<BenchResults.Row> rows = r.rows().stream().filter(row -> row.settings().get("sampler") != null
                && row.settings().get("steps") != null && row.quality() != null).toList();
        boolean kid = rows.stream().map(row -> row.quality().samplesPerSet()).distinct().count() > 1;
        java.util.Map<String, java.util.TreeMap<Integer, Double>> lines = new java.util.LinkedHashMap<>();
        for (BenchResults.Row row : rows) {
            var q = row.quality();
            lines.computeIfAbsent(row.model() + " " + row.settings().get("sampler"), k -> new java.util.TreeMap<>())
                    .put(Integer.parseInt(row.settings().get("steps")), kid ? q.kid().mean() : q.fd().mean());
        }
        if (lines.values().stream().noneMatch(l -> l.size() > 1)) {
            return null;
        }
        return SvgChart.linesLogX("Quality vs sampling steps (lower is better)", "steps (log scale)",
                kid ? "KID (unbiased: the rows differ in sample count)" : "FD-FMNIST",
                SvgChart.series(lines, Double::doubleValue));
    }

    static String esc(String s) {
        return SvgChart.escape(s == null ? "" : s);
    }
}
