package dev.genlab.runs;

import dev.genlab.core.UsageException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the run database lives: a SQLite file (a path or {@code jdbc:sqlite:FILE}) or a PostgreSQL server
 * ({@code jdbc:postgresql://HOST/DB?user=…&password=…}, for several machines' runs in one place), chosen by the
 * {@code --db} option, else the {@code genlab.db} system property, else {@code $GENLAB_DB}, else
 * {@code runs/genlab.db} in the current folder (beside the bench reports). "off" records nothing.
 */
public record RunDatabaseLocation(String jdbcUrl, Path file) {

    public static final String PROPERTY = "genlab.db";
    public static final String ENVIRONMENT = "GENLAB_DB";
    public static final Path DEFAULT_FILE = Path.of("runs", "genlab.db");

    /** The location the user chose, or the default; null when recording is switched off. */
    public static RunDatabaseLocation choose(String given) {
        String text = given;
        if (text == null) {
            text = System.getProperty(PROPERTY);
        }
        if (text == null) {
            text = System.getenv(ENVIRONMENT);
        }
        if (text == null || text.isBlank()) {
            return ofFile(DEFAULT_FILE);
        }
        if (text.trim().toLowerCase(Locale.ROOT).equals("off")) {
            return null;
        }
        return parse(text.trim());
    }

    /** A JDBC URL or a path of a SQLite file. */
    public static RunDatabaseLocation parse(String text) {
        if (text.startsWith("jdbc:postgresql:")) {
            return new RunDatabaseLocation(text, null);
        }
        if (text.startsWith("jdbc:")) {
            if (!text.startsWith("jdbc:sqlite:")) {
                throw new UsageException("--db takes a SQLite file (a path or jdbc:sqlite:FILE) or a PostgreSQL URL "
                        + "(jdbc:postgresql://HOST/DB), got " + text.substring(0, text.indexOf(':', 5) + 1) + "…");
            }
            String file = text.substring("jdbc:sqlite:".length());
            return new RunDatabaseLocation(text, file.isEmpty() || file.startsWith(":memory:") ? null : Path.of(file));
        }
        return ofFile(Path.of(text));
    }

    public static RunDatabaseLocation ofFile(Path file) {
        return new RunDatabaseLocation("jdbc:sqlite:" + file, file);
    }

    /** Whether this is a PostgreSQL server rather than a SQLite file. */
    public boolean postgres() {
        return jdbcUrl.startsWith("jdbc:postgresql:");
    }

    /** What to call this location in messages: never with its password. */
    public String describe() {
        return file != null ? file.toString() : jdbcUrl.replaceAll("(?i)(password=)[^&]*", "$1***");
    }
}
