package dev.genlab.train;

import dev.genlab.core.GenlabException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One training run per output folder: a second process that trains into the same --out stops at once instead
 * of both finishing and one model being lost. The lock is the operating system's (released when the process
 * ends, however it ends); within one process it is re-entrant.
 */
public final class OutputLock {

    static final String FILE = ".genlab-train.lock";
    private static final Map<Path, FileLock> HELD = new ConcurrentHashMap<>();

    private OutputLock() {}

    public static void acquire(Path out) {
        Path dir = out.toAbsolutePath().normalize();
        if (HELD.containsKey(dir)) {
            return;
        }
        try {
            Files.createDirectories(dir);
            FileChannel ch = FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                ch.close();
                throw new GenlabException("another genlab training run is writing to " + out + ": wait for it to "
                        + "finish, or choose another --out");
            }
            HELD.put(dir, lock);
        } catch (IOException e) {
            throw new GenlabException("cannot lock " + out + " for training: " + e.getMessage());
        }
    }

    /** Releases every lock this process holds (the end of a train command). */
    public static void releaseAll() {
        HELD.values().forEach(lock -> {
            try {
                lock.channel().close();
            } catch (IOException e) {
                // closing releases the lock; a failure here leaves it to the end of the process
            }
        });
        HELD.clear();
    }
}
