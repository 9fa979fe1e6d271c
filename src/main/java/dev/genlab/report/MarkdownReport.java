package dev.genlab.report;

import static dev.genlab.report.Format.f;

import dev.genlab.bench.BenchResults;

/** report.md: the tables and advice of a bench run, readable in a terminal or on GitHub. */
final class MarkdownReport {

    private MarkdownReport() {}

    static String render(BenchResults r) {
        StringBuilder sb = new StringBuilder();
        var m = r.machine();
        sb.append("# genlab bench\n\n");
        sb.append(f("%s, commit %s, %s. Machine: %s, %d CPUs, %.0f GB; %s; %s on %s with %d threads; "
                + "peak %.1f GFLOP/s (fp32 matrix multiply). Run took %.0f s.%n%n", "genlab " + r.genlab(), r.commit(),
                r.created(), m.cpu(), m.cpus(), m.memoryGb(), m.java(), m.engine(), m.device(), m.threads(),
                m.peakGflops(), r.wallSeconds()));
        sb.append("## In the study's format (Table 3.1)\n\n| model | time s | VRAM MB | RAM MB |\n|---|---:|---:|---:|\n");
        for (BenchResults.Row row : r.rows()) {
            sb.append(f("| %s%s | %.4f | %s | %.0f |%n", row.label(), row.unit() != null ? " ¹" : "",
                    row.latency().median(), row.peakGpuMb() == null ? "n/a (CPU)" : f("%.0f", row.peakGpuMb()),
                    row.peakRssMb()));
        }
        sb.append("\ntime: median seconds for one image at batch 1; RAM: peak resident memory of the model's own "
                + "process (VmHWM, native memory included); VRAM: peak GPU memory when run on CUDA.\n");
        r.rows().stream().filter(row -> row.unit() != null).forEach(row -> sb.append(f("¹ %s: the time of one unit, "
                + "not of an image: %s.%n", row.label(), row.unit())));
        sb.append("\n");
        if (!r.failures().isEmpty()) {
            sb.append("## Not measured\n\n| model | why |\n|---|---|\n");
            for (BenchResults.Failure failure : r.failures()) {
                sb.append(f("| %s%s | %s |%n", failure.model(), failure.settings().isEmpty() ? ""
                        : " " + failure.settings(), failure.reason().replace("|", "\\|")));
            }
            sb.append("\n");
        }
        sb.append("## Speed and memory\n\n| model | latency ms (median [95% CI]) | load s | best batch | images/s | "
                + "RSS after load MB | peak RSS MB | GFLOP/image | GFLOP/s | of peak |\n"
                + "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (BenchResults.Row row : r.rows()) {
            sb.append(f("| %s | %s | %.2f | %d | %s | %.0f | %.0f | %.4f | %.1f | %.1f%% |%n", row.label(),
                    Format.latency(row), row.loadSeconds(), row.bestBatch(), dev.genlab.bench.AdviceRules.rate(row.imagesPerSecond()), row.rssAfterLoadMb(),
                    row.peakRssMb(), row.flopsPerImage() / 1e9, row.gflops(), 100 * row.peakFraction()));
        }
        sb.append("\n⚠ marks a latency whose spread (max − min) exceeds 25% of its median. \"of peak\": the GFLOP/s "
                + "against the faster of an fp32 matrix multiply and a 3×3 convolution measured in the model's own process, with its threads, right after "
                + "its timings.\n\n");
        boolean byClass = MarkdownTables.byClass(r);
        sb.append("## Quality\n\n| model | samples × sets | FD-FMNIST ↓ | KID ↓ | IS ↑ | precision ↑ | recall ↑ |"
                + (byClass ? " class accuracy ↑ |" : "") + "\n|---|---|---:|---:|---:|---:|---:|"
                + (byClass ? "---:|" : "") + "\n");
        for (BenchResults.Row row : r.rows()) {
            var q = row.quality();
            if (q == null) {
                sb.append(f("| %s | n/a: %s | | | | | |%s%n", row.label(), row.qualityNote(), byClass ? " |" : ""));
                continue;
            }
            sb.append(f("| %s | %d × %d | %s | %s | %s | %s | %s |%s%n", row.label(), q.samplesPerSet(), q.sets(),
                    Format.spread(q.fd(), "%.2f"), Format.spread(q.kid(), "%.4f"),
                    Format.spread(q.inceptionScore(), "%.2f"), Format.spread(q.precision(), "%.3f"),
                    Format.spread(q.recall(), "%.3f"),
                    byClass ? " " + Format.spread(q.classAccuracy(), "%.3f") + " |" : ""));
        }
        for (var q : MarkdownTables.floors(r)) {
            sb.append(f("| *real vs real: the floor at this sample size* (training images vs test split) | %d × %d | %s "
                    + "| %s | n/a | %s | %s |%s%n", q.samplesPerSet(), q.sets(), Format.spread(q.fd(), "%.2f"), Format.spread(q.kid(), "%.4f"),
                    Format.spread(q.precision(), "%.3f"), Format.spread(q.recall(), "%.3f"), byClass ? " n/a |" : ""));
        }
        if (byClass) {
            sb.append("\n").append(MarkdownTables.BY_CLASS_NOTE).append("\n");
        }
        r.rows().stream().map(BenchResults.Row::qualityNote).filter(java.util.Objects::nonNull).distinct()
                .forEach(note -> sb.append("\n").append(note).append(".\n"));
        sb.append("\nFD-FMNIST is a Fréchet distance in the feature space of genlab's Fashion-MNIST classifier (not "
                + "FID: the features are not Inception's). ± is the standard deviation over seed sets.\n\n");
        if (r.rows().stream().anyMatch(row -> row.peer() != null)) {
            sb.append("## Against the PyTorch-Python peers\n\nSame network, same weights, same seeds, same thread "
                    + "count, timed in turns (genlab, peer, genlab, …). Ratio = genlab time / peer time: below 1 "
                    + "means genlab is faster.\n\n| model | max difference | latency ms genlab / peer | ratio | "
                    + "batch | images/s genlab / peer | ratio |\n|---|---|---|---:|---:|---|---:|\n");
            for (BenchResults.Row row : r.rows()) {
                var p = row.peer();
                if (p != null) {
                    sb.append(f("| %s | %.2g %s | %s / %s | %.2f | %d | %.0f / %.0f | %.2f |%n", row.label(),
                            p.maxAbsDiff(), p.matches() ? "(match)" : "(MISMATCH)", Format.ms(p.genlabLatency()),
                            Format.ms(p.peerLatency()), p.latencyRatio(), p.batch(), p.genlabImagesPerSecond(),
                            p.peerImagesPerSecond(), p.throughputTimeRatio()));
                }
            }
            sb.append("\n");
        }
        var likely = r.rows().stream().filter(x -> x.likelihood() != null).toList();
        if (!likely.isEmpty()) {
            sb.append("## Likelihood\n\n| model | NLL bits/dim ↓ | kind |\n|---|---:|---|\n");
            for (var row : likely) {
                sb.append(f("| %s | %.4f | %s |%n", row.label(), row.likelihood().bitsPerDim(), row.likelihood().kind()));
            }
            sb.append("\nFrom the model cards: the test split's negative log-likelihood of 8-bit pixels, unless the kind "
                    + "says otherwise.\n\n");
        }
        var phased = r.rows().stream().filter(x -> x.phases() != null).toList();
        if (!phased.isEmpty()) {
            sb.append("## Time by phase\n\n| model | phase | ms per image, batch 1 | ms per image, best batch |\n"
                    + "|---|---|---:|---:|\n");
            for (var row : phased) {
                var p = row.phases();
                p.batch1().forEach((phase, sec) -> sb.append(f("| %s | %s | %.2f | %.2f (batch %d) |%n", row.label(),
                        phase, 1000 * sec, 1000 * p.best().getOrDefault(phase, 0.0), p.bestBatch())));
            }
            sb.append("\nMeasured inside the pipeline (text encoder, denoising loop, decoder) during the latency runs "
                    + "and one call at the best batch; a repeated prompt's encoding is kept.\n\n");
        }
        sb.append("## Advice (derived from the tables above)\n\n");
        for (BenchResults.Advice a : r.advice()) {
            sb.append(f("- **%s**: %s — %s%n", a.use(), a.model(), a.because()));
        }
        return sb.toString();
    }
}
