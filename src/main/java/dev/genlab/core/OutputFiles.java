package dev.genlab.core;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Chooses output names that never silently replace an existing file: {@code name.png}, then
 * {@code name-1.png}, {@code name-2.png}, … — unless the user asked to overwrite.
 */
public final class OutputFiles {

    private final Path dir;
    private final boolean overwrite;

    public OutputFiles(Path dir, boolean overwrite) {
        this.dir = dir;
        this.overwrite = overwrite;
    }

    public Path dir() {
        return dir;
    }

    /** Writes the content under {@code baseName + extension}, numbered if needed; returns where it went. */
    public Path write(String baseName, String extension, AtomicFiles.Content content) {
        Path probe = dir.resolve(baseName + extension).toAbsolutePath().normalize();
        if (baseName.isEmpty() || baseName.contains("/") || baseName.contains("\\") || baseName.indexOf('\0') >= 0
                || !dir.toAbsolutePath().normalize().equals(probe.getParent())) {
            throw new GenlabException("refused to write '" + baseName + extension + "': the name would leave the "
                    + "output folder " + dir + " (a model or file name with path parts)");
        }
        if (overwrite) {
            Path target = dir.resolve(baseName + extension);
            AtomicFiles.write(target, content);
            return target;
        }
        for (int n = 0; n < 1_000_000; n++) {
            Path target = dir.resolve(n == 0 ? baseName + extension : baseName + "-" + n + extension);
            if (!Files.exists(target) && AtomicFiles.writeNew(target, content)) {
                return target;
            }
        }
        throw new GenlabException("too many files named " + baseName + "*" + extension + " in " + dir
                + " (choose another --out folder or pass --overwrite)");
    }
}
