package dev.genlab.runs;

import dev.genlab.bench.MemoryProbe;
import dev.genlab.core.GenlabException;
import dev.genlab.model.GenerationRecord;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Records written images in the run database for the command line and the server alike. A failure to record is
 * said once and the work goes on: the images on disk are the result, the database an index of them.
 */
public final class ImageLog {

    private final RunDatabase db;
    private final String source;
    private final Consumer<String> warn;
    private boolean warned;

    /**
     * @param db     the database, or null to record nothing
     * @param source "cli" or "server"
     * @param warn   says a failure to record, once
     */
    public ImageLog(RunDatabase db, String source, Consumer<String> warn) {
        this.db = db;
        this.source = source;
        this.warn = warn;
    }

    /** Records an image just written, with the process's resident memory now; its id, or 0 when not recorded. */
    public synchronized long record(GenerationRecord r, Path file, double seconds) {
        if (db == null) {
            return 0;
        }
        double rss = MemoryProbe.residentMb();
        try {
            return db.addImage(ImageEntry.of(r, file, seconds, rss < 0 ? null : rss, source));
        } catch (GenlabException e) {
            if (!warned) {
                warn.accept(e.getMessage());
                warned = true;
            }
            return 0;
        }
    }
}
