package dev.genlab.cli;

import dev.genlab.core.GenlabException;
import dev.genlab.runs.RunDatabase;
import dev.genlab.runs.RunDatabaseLocation;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --db} option of the commands that write or read the run database. */
final class RunDatabaseOption {

    @Option(names = "--db", paramLabel = "FILE|URL|off", description = "The run database, where every image and "
            + "bench run is recorded: a SQLite file, or a jdbc:postgresql://HOST/DB?user=…&password=… URL "
            + "(default: runs/genlab.db, or $GENLAB_DB); off records nothing.")
    String db;

    /** The chosen location; null when recording is off. */
    RunDatabaseLocation location() {
        return RunDatabaseLocation.choose(db);
    }

    /**
     * Opens the database, importing the bench history of earlier versions beside it once; null when off.
     * Errors are the caller's to report.
     */
    RunDatabase open() {
        RunDatabaseLocation where = location();
        if (where == null) {
            return null;
        }
        RunDatabase opened = RunDatabase.open(where);
        if (where.file() != null) {
            Path parent = where.file().toAbsolutePath().getParent();
            int imported = opened.importHistory(parent.resolve("history.jsonl"));
            if (imported > 0) {
                System.err.printf("genlab: imported %d bench run(s) from %s into the run database%n", imported,
                        parent.resolve("history.jsonl"));
            }
        }
        return opened;
    }

    /**
     * Opens the database for a command whose real work is elsewhere (generate, bench): a database that cannot
     * be opened is a warning, not a failed run; null when off or unusable.
     */
    RunDatabase openOrWarn() {
        try {
            return open();
        } catch (GenlabException e) {
            System.err.println("genlab: warning: not recorded in the run database: " + e.getMessage());
            return null;
        }
    }
}
