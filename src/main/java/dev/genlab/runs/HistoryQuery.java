package dev.genlab.runs;

import dev.genlab.core.UsageException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Which entries of the run database to list: one model's or all, since when, newest first, at most {@code limit}.
 *
 * @param model a model's name, or null for all
 * @param since an ISO-8601 instant, or null for all time
 */
public record HistoryQuery(String model, String since, int limit) {

    public static final int MAX_LIMIT = 10_000;

    public HistoryQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new UsageException("--limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
    }

    /**
     * A point in time as a user types it: a date (2026-12-01, midnight UTC), a date and time
     * (2026-12-01T14:30:00Z), or how long ago (90m, 12h, 7d).
     */
    public static String parseSince(String text, Instant now) {
        if (text == null) {
            return null;
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.matches("\\d{1,6}[smhdw]")) {
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            Duration d = switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
            return Timestamps.of(now.minus(d));
        }
        try {
            return Timestamps.of(LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException notADate) {
            try {
                return Timestamps.of(OffsetDateTime.parse(text.trim()).toInstant());
            } catch (DateTimeParseException notATime) {
                throw new UsageException("--since must be a date (2026-12-01), a time (2026-12-01T14:30:00Z) or how "
                        + "long ago (90m, 12h, 7d), got '" + text + "'");
            }
        }
    }
}
