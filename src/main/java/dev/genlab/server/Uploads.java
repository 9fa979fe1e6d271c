package dev.genlab.server;

import dev.genlab.core.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Images a client sends (init images, masks), kept as files under the outputs folder, named by their SHA-256:
 * the PNGs made from them record a path and hash that {@code genlab generate --from} can check, as for an
 * init image given on the command line.
 */
final class Uploads {

    /** A dot folder: no model name (letters or digits first) can be the same. */
    static final String FOLDER = ".uploads";

    private final Path dir;

    Uploads(Path outputs) {
        this.dir = outputs.resolve(FOLDER);
    }

    /** Stores a PNG or JPEG once; anything else is a 422 naming the field. */
    Path store(byte[] bytes, String field) {
        String ext = isPng(bytes) ? ".png" : isJpeg(bytes) ? ".jpg" : null;
        if (ext == null) {
            throw ApiError.unprocessable(field + " is not a PNG or JPEG image");
        }
        Path file = dir.resolve(dev.genlab.core.Sha256.of(bytes).substring(0, 32) + ext);
        if (!Files.isRegularFile(file)) {
            AtomicFiles.write(file, bytes);
        }
        return file.toAbsolutePath().normalize();
    }

    /**
     * Stores a client's upload under its own name where that name is plain and free (or holds the same bytes),
     * else under a name made from its hash; returns the name to refer to it by (ComfyUI's LoadImage).
     */
    String storeNamed(String original, byte[] bytes) {
        String ext = isPng(bytes) ? ".png" : isJpeg(bytes) ? ".jpg" : null;
        if (ext == null) {
            throw ApiError.badRequest("the upload is not a PNG or JPEG image");
        }
        String base = original == null || original.indexOf('\0') >= 0 ? ""
                : String.valueOf(Path.of(original.replace('\\', '/')).getFileName());
        boolean plain = base.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}\\.(png|jpg|jpeg|PNG|JPG|JPEG)");
        String name = plain ? base : dev.genlab.core.Sha256.of(bytes).substring(0, 16) + ext;
        Path file = dir.resolve(name);
        try {
            if (Files.isRegularFile(file) && !java.util.Arrays.equals(Files.readAllBytes(file), bytes)) {
                name = dev.genlab.core.Sha256.of(bytes).substring(0, 16) + "-" + name;
                file = dir.resolve(name);
            }
        } catch (java.io.IOException e) {
            throw new dev.genlab.core.GenlabException("cannot read " + file + ": " + e.getMessage());
        }
        if (!Files.isRegularFile(file)) {
            AtomicFiles.write(file, bytes);
        }
        return name;
    }

    /** An uploaded image's bytes by the name {@link #storeNamed} gave; a missing one is a 400 naming it. */
    byte[] read(String name) {
        try {
            Files.createDirectories(dir);
            return Files.readAllBytes(FileRoutes.relative(dir, name));
        } catch (ApiError | java.io.IOException e) {
            throw ApiError.badRequest("no uploaded image " + dev.genlab.core.Printable.of(name, 80)
                    + " (upload it with POST /upload/image first)");
        }
    }

    Path dir() {
        return dir;
    }

    private static boolean isPng(byte[] b) {
        return b.length > 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
    }

    private static boolean isJpeg(byte[] b) {
        return b.length > 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8;
    }
}
