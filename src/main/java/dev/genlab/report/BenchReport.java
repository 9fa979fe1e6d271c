package dev.genlab.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.genlab.bench.BenchResults;
import dev.genlab.core.AtomicFiles;
import dev.genlab.modelstore.ModelDirectory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Writes a bench run's four files. */
public final class BenchReport {

    private BenchReport() {}

    public static List<Path> write(BenchResults r, Path dir) {
        ObjectMapper json = ModelDirectory.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT);
        Path results = dir.resolve("results.json");
        AtomicFiles.write(results, out -> json.writeValue(out, r));
        Path csv = dir.resolve("results.csv");
        AtomicFiles.write(csv, CsvReport.render(r).getBytes(StandardCharsets.UTF_8));
        Path md = dir.resolve("report.md");
        AtomicFiles.write(md, MarkdownReport.render(r).getBytes(StandardCharsets.UTF_8));
        Path html = dir.resolve("report.html");
        AtomicFiles.write(html, HtmlReport.render(r, dir).getBytes(StandardCharsets.UTF_8));
        return List.of(results, csv, md, html);
    }

    /** For the CLI: the Markdown report, to print. */
    public static String markdown(BenchResults r) {
        return MarkdownReport.render(r);
    }
}
