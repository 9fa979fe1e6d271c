package dev.genlab.report;

import static dev.genlab.report.Format.f;

import dev.genlab.bench.BenchResults;

/** results.csv: one line per row, for spreadsheets. */
final class CsvReport {

    private CsvReport() {}

    static String render(BenchResults r) {
        StringBuilder sb = new StringBuilder("model,family,latency_median_s,latency_mean_s,latency_min_s,latency_max_s,"
                + "latency_ci_low_s,latency_ci_high_s,load_s,best_batch,images_per_s,rss_after_load_mb,peak_rss_mb,"
                + "peak_gpu_mb,flops_per_image,gflops,peak_fraction,fd,fd_std,kid,kid_std,is,is_std,precision,recall,class_accuracy\n");
        for (BenchResults.Row row : r.rows()) {
            var l = row.latency();
            var q = row.quality();
            sb.append(f("%s,%s,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.4f,%d,%.2f,%.1f,%.1f,%s,%d,%.3f,%.4f,", row.label(),
                    row.family(), l.median(), l.mean(), l.min(), l.max(), l.ciLow(), l.ciHigh(), row.loadSeconds(),
                    row.bestBatch(), row.imagesPerSecond(), row.rssAfterLoadMb(), row.peakRssMb(),
                    row.peakGpuMb() == null ? "" : f("%.1f", row.peakGpuMb()), row.flopsPerImage(), row.gflops(),
                    row.peakFraction()));
            sb.append(q == null ? ",,,,,,,," : f("%.4f,%.4f,%.6f,%.6f,%.4f,%.4f,%.4f,%.4f,%s", q.fd().mean(),
                    q.fd().std(), q.kid().mean(), q.kid().std(), q.inceptionScore().mean(), q.inceptionScore().std(),
                    q.precision().mean(), q.recall().mean(),
                    q.classAccuracy() == null ? "" : f("%.4f", q.classAccuracy().mean())));
            sb.append('\n');
        }
        return sb.toString();
    }
}
