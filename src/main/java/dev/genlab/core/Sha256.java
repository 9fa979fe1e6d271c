package dev.genlab.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** SHA-256 of files of any size, read in chunks (a checkpoint of several gigabytes never sits on the heap). */
public final class Sha256 {

    private Sha256() {}

    /** Of bytes in memory (an upload). */
    public static String of(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Of a file; of a folder, of its regular files' bytes in path order (a diffusers folder). */
    public static String of(Path path) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[1 << 20];
        for (Path f : files(path)) {
            try (InputStream in = Files.newInputStream(f)) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    md.update(buffer, 0, n);
                }
            } catch (IOException e) {
                throw new GenlabException("cannot read " + f + ": " + e.getMessage());
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Size in bytes of a file, or of a folder's regular files together. */
    public static long size(Path path) {
        long total = 0;
        for (Path f : files(path)) {
            try {
                total += Files.size(f);
            } catch (IOException e) {
                throw new GenlabException("cannot read " + f + ": " + e.getMessage());
            }
        }
        return total;
    }

    private static List<Path> files(Path path) {
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> s = Files.walk(path)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new GenlabException("cannot list " + path + ": " + e.getMessage());
        }
    }
}
