package dev.genlab.fuzz;

import dev.genlab.core.GenlabException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Jazzer's fuzz target: the reader named by {@code -Dgenlab.fuzz.target} fed each input of the fuzzer. A result
 * or genlab's own one-line error is fine; a blank or multi-line message, any other exception, a hang or running
 * out of memory is a finding that Jazzer keeps.
 */
public final class ReaderTarget {

    private static FuzzedReader reader;
    private static Path scratch;

    private ReaderTarget() {}

    public static void fuzzerInitialize() throws Exception {
        reader = FuzzedReader.valueOf(System.getProperty("genlab.fuzz.target"));
        scratch = Files.createTempDirectory("fuzz-" + reader.id()).resolve("input");
    }

    public static void fuzzerTestOneInput(byte[] input) throws Exception {
        try {
            reader.read(input, scratch);
        } catch (GenlabException e) {
            String message = e.getMessage();
            if (message == null || message.isBlank() || message.contains("\n") || message.contains("\r")) {
                throw new AssertionError("genlab's error is not one line: " + message, e);
            }
        }
    }
}
