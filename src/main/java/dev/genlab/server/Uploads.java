package dev.genlab.server;

import dev.genlab.core.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

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
        Path file = dir.resolve(sha256(bytes).substring(0, 32) + ext);
        if (!Files.isRegularFile(file)) {
            AtomicFiles.write(file, bytes);
        }
        return file.toAbsolutePath().normalize();
    }

    private static boolean isPng(byte[] b) {
        return b.length > 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
    }

    private static boolean isJpeg(byte[] b) {
        return b.length > 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
