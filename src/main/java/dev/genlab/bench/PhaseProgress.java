package dev.genlab.bench;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of one model's measurement through its phases (load, latency, throughput, quality sets, peer):
 * a progress bar on a terminal, one line per finished phase otherwise (logs, CI, tests).
 */
final class PhaseProgress implements AutoCloseable {

    private final String label;
    private final ProgressBar bar;
    private final PrintStream log;

    PhaseProgress(String label, int phases, boolean terminal, PrintStream log) {
        this.label = label;
        this.log = log;
        this.bar = terminal ? new ProgressBarBuilder().setTaskName(label).setInitialMax(phases)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate().build() : null;
    }

    /** Says what is being measured now (shown on the bar only). */
    void now(String what) {
        if (bar != null) {
            bar.setExtraMessage(what);
        }
    }

    /** Marks a phase as finished, with what it found. */
    void done(String format, Object... args) {
        String message = String.format(Locale.ROOT, format, args);
        if (bar != null) {
            bar.step();
            bar.setExtraMessage(message);
        } else {
            log.printf("  [%s] %s%n", label, message);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
