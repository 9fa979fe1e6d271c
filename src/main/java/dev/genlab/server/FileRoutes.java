package dev.genlab.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Resolves files a route may send: only regular files that lie inside their root once every symbolic link is
 * followed, so that no "..", absolute path or link planted in the folder reaches anything else.
 */
final class FileRoutes {

    private FileRoutes() {}

    /** The file, or a 404 (never saying what lies outside). */
    static Path inside(Path root, Path candidate) {
        try {
            Path realRoot = root.toRealPath();
            Path real = candidate.toAbsolutePath().normalize().toRealPath();
            if (!real.startsWith(realRoot) || !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
                throw ApiError.notFound("no such file");
            }
            return real;
        } catch (IOException e) {
            throw ApiError.notFound("no such file");
        }
    }

    /** A relative name from a URL, checked before it is resolved: no absolute paths, no "..". */
    static Path relative(Path root, String name) {
        if (name == null || name.isEmpty() || name.startsWith("/") || name.startsWith("\\") || name.contains("\0")
                || Path.of(name).isAbsolute()) {
            throw ApiError.notFound("no such file");
        }
        for (Path part : Path.of(name)) {
            if (part.toString().equals("..")) {
                throw ApiError.notFound("no such file");
            }
        }
        return inside(root, root.resolve(name));
    }

    /** Answers with a file's bytes (already resolved inside its root); a file that vanished since is a 404. */
    static void send(io.javalin.http.Context ctx, Path file, String contentType, String whatVanished) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            ctx.contentType(contentType).result(bytes);
        } catch (IOException e) {
            throw ApiError.notFound(whatVanished + " is no longer readable");
        }
    }

    /** Whether a recorded file can be served from this root. */
    static boolean servable(Path root, String path) {
        try {
            inside(root, Path.of(path));
            return true;
        } catch (ApiError | java.nio.file.InvalidPathException e) {
            return false;
        }
    }
}
