package dev.genlab.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.genlab.bench.BenchResults;
import dev.genlab.core.AtomicFiles;
import dev.genlab.modelstore.ModelDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** Writes a bench run's four files and appends its line to the run history. */
public final class BenchReport {

    private BenchReport() {}

    public static List<Path> write(BenchResults r, Path dir, Path history) {
        ObjectMapper json = ModelDirectory.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT);
        Path results = dir.resolve("results.json");
        AtomicFiles.write(results, out -> json.writeValue(out, r));
        Path csv = dir.resolve("results.csv");
        AtomicFiles.write(csv, CsvReport.render(r).getBytes(StandardCharsets.UTF_8));
        Path md = dir.resolve("report.md");
        AtomicFiles.write(md, MarkdownReport.render(r).getBytes(StandardCharsets.UTF_8));
        Path html = dir.resolve("report.html");
        AtomicFiles.write(html, HtmlReport.render(r, dir).getBytes(StandardCharsets.UTF_8));
        appendHistory(r, history, json.copy().disable(SerializationFeature.INDENT_OUTPUT));
        return List.of(results, csv, md, html);
    }

    /** One JSON line per run; appends are small single writes, so concurrent runs do not interleave lines. */
    private static void appendHistory(BenchResults r, Path history, ObjectMapper json) {
        try {
            Files.createDirectories(history.toAbsolutePath().getParent());
            byte[] line = (json.writeValueAsString(r) + "\n").getBytes(StandardCharsets.UTF_8);
            Files.write(history, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new dev.genlab.core.GenlabException("cannot append to " + history + ": " + e.getMessage());
        }
    }

    /** For the CLI: the Markdown report, to print. */
    public static String markdown(BenchResults r) {
        return MarkdownReport.render(r);
    }
}
