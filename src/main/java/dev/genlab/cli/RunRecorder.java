package dev.genlab.cli;

import dev.genlab.model.GenerationRecord;
import dev.genlab.runs.ImageLog;
import dev.genlab.runs.RunDatabase;
import java.nio.file.Path;

/**
 * Records the images a command writes in the run database. A failure to record is said once and the run goes
 * on: the images on disk are the result, the database an index of them.
 */
final class RunRecorder implements AutoCloseable {

    private final java.util.concurrent.CompletableFuture<RunDatabase> opening;
    private ImageLog log;

    /** Starts opening the database beside the model's loading (the SQLite driver takes 0.3 s to start). */
    RunRecorder(RunDatabaseOption option) {
        this.opening = java.util.concurrent.CompletableFuture.supplyAsync(option::openOrWarn);
    }

    void image(GenerationRecord r, Path file, double seconds) {
        RunDatabase db = opening.join();
        if (db != null) {
            if (log == null) {
                log = new ImageLog(db, "cli", m -> System.err.println("genlab: warning: " + m));
            }
            log.record(r, file, seconds);
        }
    }

    @Override
    public void close() {
        RunDatabase db = opening.join();
        if (db != null) {
            db.close();
        }
    }
}
