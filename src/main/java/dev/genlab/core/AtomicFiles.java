package dev.genlab.core;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes files so that a reader never sees half of one: the bytes go to a temporary file in the same
 * folder, which is then moved over the target in one step.
 */
public final class AtomicFiles {

    /** What writes the content; may throw {@link IOException}. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * A temporary file of genlab's naming untouched this long was left by a process that died (kill -9, power
     * loss) mid-write: a live write keeps touching its file.
     */
    static final java.time.Duration STALE = java.time.Duration.ofHours(1);

    /** Folders swept of stale temporary files by this process (once each: output folders hold many files). */
    private static final java.util.Set<Path> SWEPT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private AtomicFiles() {}

    /**
     * Deletes the temporary files ({@code .NAME*.tmp}) that writes in {@code dir} left behind when their process
     * died, once per folder and process; a failure to delete one is left for the next run.
     */
    static void sweepStale(Path dir) {
        if (!SWEPT.add(dir.toAbsolutePath().normalize())) {
            return;
        }
        java.nio.file.attribute.FileTime before = java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(STALE));
        try (var entries = Files.newDirectoryStream(dir, ".*[0-9].tmp")) { // createTempFile's digits, then .tmp
            for (Path p : entries) {
                try {
                    if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                            && Files.getLastModifiedTime(p).compareTo(before) < 0) {
                        Files.deleteIfExists(p);
                    }
                } catch (IOException ignored) {
                    // in use or not ours to delete: the next run tries again
                }
            }
        } catch (IOException | java.nio.file.DirectoryIteratorException ignored) {
            // an unreadable folder: the write itself will say what is wrong
        }
    }

    /** Writes {@code content} to {@code target}, replacing any existing file atomically. */
    public static void write(Path target, Content content) {
        move(target, content, true);
    }

    /** Writes {@code bytes} to {@code target}, replacing any existing file atomically. */
    public static void write(Path target, byte[] bytes) {
        write(target, out -> out.write(bytes));
    }

    /**
     * Writes {@code content} to {@code target} only if no file is there yet.
     *
     * @return false when the target already existed (nothing was written)
     */
    public static boolean writeNew(Path target, Content content) {
        return move(target, content, false);
    }

    private static boolean move(Path target, Content content, boolean replace) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            sweepStale(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            makeReadable(tmp);
            try (OutputStream out = Files.newOutputStream(tmp)) {
                content.writeTo(out);
            }
            if (replace) {
                moveReplacing(tmp, target);
            } else {
                // A hard link fails if the target exists, so two writers cannot both claim one name.
                try {
                    Files.createLink(target, tmp);
                } catch (FileAlreadyExistsException e) {
                    return false;
                } catch (UnsupportedOperationException | IOException e) {
                    if (Files.exists(target)) {
                        return false;
                    }
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                    tmp = null;
                }
            }
            return true;
        } catch (IOException e) {
            throw new GenlabException("cannot write " + target + ": " + describe(e)
                    + " (check that the folder is writable and the disk is not full)", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: a stale .tmp file is harmless and names itself
                }
            }
        }
    }

    /** Temporary files are created owner-only; outputs should be readable like any other file (0644). */
    private static void makeReadable(Path tmp) {
        try {
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException | IOException ignored) {
            // not a POSIX file system: keep its defaults
        }
    }

    private static void moveReplacing(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : " " + m);
    }

    /** Reads a whole file, turning I/O failures into one-line user errors. */
    public static byte[] read(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new GenlabException(what + " not found: " + file);
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new GenlabException("cannot read " + what + " " + file + ": " + describe(e));
        }
    }

    /** Wraps an IOException from code that has no better message. */
    public static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e);
    }
}
