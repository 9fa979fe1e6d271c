package dev.genlab.runs;

import java.util.List;

/**
 * One bench run as the run database keeps it: when, where its report is, and its rows in brief (the whole
 * results.json is kept too, for the dashboard).
 */
public record BenchRunEntry(long id, String created, String dir, String genlab, String commit, String device,
        Integer threads, Double wallSeconds, List<Row> rows) {

    /**
     * A row of the run: one model with one set of settings, or a model that could not be measured.
     *
     * @param failure why the row has no figures, else null
     */
    public record Row(String model, String family, String label, Double secondsPerImage, Double imagesPerSecond,
            Integer bestBatch, Double peakRssMb, Double peakGpuMb, Double fd, String failure) {}
}
