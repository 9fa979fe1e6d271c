package dev.genlab.cli;

import dev.genlab.core.UsageException;
import java.util.Locale;

/** Durations as users type them: 90 (seconds), 900s, 15m, 1h, 1h30m. */
final class Durations {

    private Durations() {}

    static long seconds(String text, String option) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (!t.matches("(\\d+h)?(\\d+m)?(\\d+s?)?") || t.isEmpty()) {
            throw new UsageException(option + " must be a duration such as 15m, 900s or 1h30m, got '" + text + "'");
        }
        long total = 0;
        long number = 0;
        for (char c : t.toCharArray()) {
            if (Character.isDigit(c)) {
                number = Math.addExact(Math.multiplyExact(number, 10), c - '0');
            } else {
                total += number * (c == 'h' ? 3600 : c == 'm' ? 60 : 1);
                number = 0;
            }
        }
        total += number;
        if (total < 30) {
            throw new UsageException(option + " must be at least 30s (a row needs time to load and be timed), got '"
                    + text + "'");
        }
        return total;
    }

    /** "15 min", "1 h 30 min", "45 s". */
    static String words(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        long h = s / 3600;
        long m = (s % 3600) / 60;
        long rest = s % 60;
        return ((h > 0 ? h + " h " : "") + (m > 0 ? m + " min" : "") + (rest > 0 ? " " + rest + " s" : "")).trim();
    }
}
