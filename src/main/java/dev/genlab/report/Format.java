package dev.genlab.report;

import dev.genlab.bench.BenchResults;
import java.util.Locale;

/** Number formatting shared by the report writers. */
final class Format {

    private Format() {}

    static String f(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }

    static String ms(double seconds) {
        return f("%.2f", seconds * 1000);
    }

    static String spread(BenchResults.Spread s, String pattern) {
        if (s == null) {
            return "n/a";
        }
        return s.std() > 0 ? f(pattern + " ± " + pattern, s.mean(), s.std()) : f(pattern, s.mean());
    }

    static String latency(BenchResults.Row r) {
        return f("%s [%s–%s]%s", ms(r.latency().median()), ms(r.latency().ciLow()), ms(r.latency().ciHigh()),
                r.latency().unstable() ? " ⚠" : "");
    }

    static String gpu(BenchResults.Row r) {
        return r.peakGpuMb() == null ? "n/a (CPU)" : f("%.0f", r.peakGpuMb());
    }
}
