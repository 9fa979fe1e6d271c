package dev.genlab.runs;

import dev.genlab.core.UsageException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the run database lives: a JDBC URL ({@code jdbc:sqlite:…}) or a file path, chosen by the
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
        if (text.startsWith("jdbc:")) {
            if (!text.startsWith("jdbc:sqlite:")) {
                throw new UsageException("--db: only SQLite databases are supported yet (jdbc:sqlite:FILE or a "
                        + "path), got " + text.substring(0, text.indexOf(':', 5) + 1) + "…");
            }
            String file = text.substring("jdbc:sqlite:".length());
            return new RunDatabaseLocation(text, file.isEmpty() || file.startsWith(":memory:") ? null : Path.of(file));
        }
        return ofFile(Path.of(text));
    }

    public static RunDatabaseLocation ofFile(Path file) {
        return new RunDatabaseLocation("jdbc:sqlite:" + file, file);
    }

    /** What to call this location in messages. */
    public String describe() {
        return file != null ? file.toString() : jdbcUrl;
    }
}
