package dev.genlab.cli;

import dev.genlab.core.Printable;
import dev.genlab.modelstore.ModelDirectory;
import dev.genlab.runs.BenchRunEntry;
import dev.genlab.runs.HistoryQuery;
import dev.genlab.runs.ImageEntry;
import dev.genlab.runs.RunDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `genlab history`: the images and bench runs the run database holds, newest first. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = {"List the images generated and the bench runs made, newest first, from the run database.",
            "Every `genlab generate`, `genlab bench` and server job is recorded there (runs/genlab.db)."})
final class HistoryCommand implements Callable<Integer> {

    @Option(names = "--model", paramLabel = "NAME", description = "Only this model's images (or bench runs that "
            + "measured it).")
    String model;

    @Option(names = "--since", paramLabel = "WHEN", description = "Only since a date (2026-12-01), a time "
            + "(2026-12-01T14:30:00Z) or an age (90m, 12h, 7d).")
    String since;

    @Option(names = "--bench", description = "List bench runs and their rows instead of images.")
    boolean bench;

    @Option(names = "--limit", defaultValue = "50", description = "At most this many entries (default: "
            + "${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print JSON, one entry a line, with every field.")
    boolean json;

    @Mixin
    RunDatabaseOption runDatabase = new RunDatabaseOption();

    @Override
    public Integer call() throws Exception {
        HistoryQuery query = new HistoryQuery(model, HistoryQuery.parseSince(since, Instant.now()), limit);
        if (runDatabase.location() == null) {
            throw new dev.genlab.core.UsageException("--db off: there is no run database to list");
        }
        try (RunDatabase db = runDatabase.open()) {
            if (bench) {
                printBench(db.benchRuns(query));
            } else {
                printImages(db.images(query));
            }
        }
        return 0;
    }

    private void printImages(List<ImageEntry> images) throws Exception {
        if (json) {
            printJsonLines(images);
            return;
        }
        if (images.isEmpty()) {
            System.out.println("no images recorded" + filters() + " (genlab generate records each image it writes)");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "TIME (UTC)", "MODEL", "SEED", "SIZE", "S/IMAGE", "FROM", "PROMPT / CLASS", "FILE"});
        for (ImageEntry e : images) {
            String what = e.prompt() != null ? "\"" + Printable.of(e.prompt(), 40) + "\""
                    : e.className() != null ? Printable.of(e.className(), 40) : "";
            rows.add(new String[] {Long.toString(e.id()), shortTime(e.created()), Printable.of(e.model(), 40),
                Long.toString(e.seed()), e.width() + "x" + e.height(), String.format(Locale.ROOT, "%.3f", e.seconds()),
                e.source(), what, Printable.of(e.path(), 200)});
        }
        Table.print(System.out, rows);
    }

    private void printBench(List<BenchRunEntry> runs) throws Exception {
        if (json) {
            printJsonLines(runs);
            return;
        }
        if (runs.isEmpty()) {
            System.out.println("no bench runs recorded" + filters() + " (genlab bench records each run)");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"RUN", "TIME (UTC)", "ROW", "S/IMAGE", "IMAGES/S", "PEAK RSS MB", "FD", "REPORT"});
        for (BenchRunEntry run : runs) {
            boolean first = true;
            for (BenchRunEntry.Row r : run.rows()) {
                if (model != null && !model.equals(r.model())) {
                    continue;
                }
                rows.add(new String[] {first ? Long.toString(run.id()) : "", first ? shortTime(run.created()) : "",
                    Printable.of(r.label(), 60), r.failure() != null ? "failed: " + Printable.of(r.failure(), 60)
                            : number(r.secondsPerImage(), "%.4f"), number(r.imagesPerSecond(), "%.1f"),
                    number(r.peakRssMb(), "%.0f"), number(r.fd(), "%.2f"),
                    first && run.dir() != null ? Printable.of(run.dir(), 200) : ""});
                first = false;
            }
        }
        Table.print(System.out, rows);
    }

    /** One entry a line, every field, for scripts (jq, pandas.read_json(lines=True)). */
    private static void printJsonLines(List<?> entries) throws Exception {
        var line = ModelDirectory.JSON.copy().disable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);
        for (Object e : entries) {
            System.out.println(line.writeValueAsString(e));
        }
    }

    private String filters() {
        return (model != null ? " for model " + Printable.of(model, 40) : "") + (since != null ? " since "
                + Printable.of(since, 40) : "");
    }

    private static String number(Double v, String format) {
        return v == null ? "" : String.format(Locale.ROOT, format, v);
    }

    /** 2026-12-03T05:18:54.123Z → 2026-12-03 05:18:54. */
    private static String shortTime(String iso) {
        if (iso == null || iso.length() < 19) {
            return iso == null ? "" : iso;
        }
        return iso.substring(0, 10) + " " + iso.substring(11, 19);
    }

}
