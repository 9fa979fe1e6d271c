package dev.genlab.runs;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Times as the run database stores them: UTC to the millisecond, always the same width, so that comparing
 * the text compares the times (Instant.toString drops trailing zero digits, and "…54Z" sorts after "…54.1Z").
 */
public final class Timestamps {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Timestamps() {}

    public static String of(Instant t) {
        return FORMAT.format(t.truncatedTo(ChronoUnit.MILLIS));
    }

    public static String now() {
        return of(Instant.now());
    }

    /** An ISO-8601 instant from elsewhere (a results.json), in the stored form; the text itself if unreadable. */
    public static String normalize(String iso) {
        try {
            return of(Instant.parse(iso));
        } catch (RuntimeException e) {
            return iso;
        }
    }
}
