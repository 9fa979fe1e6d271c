package dev.genlab;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's python3 with python3-torch and python3-numpy (which .ci/run installs), run as the reference the
 * tests compare genlab with: a script's printed lines, or a fixture script's output folder, written once per
 * test run. Tests that need it are skipped where it is missing.
 */
public final class PythonPeer {

    public static final Path PYTHON = Path.of("/usr/bin/python3");

    private PythonPeer() {}

    /** Whether python3 can import torch and numpy here. */
    public static boolean available() throws Exception {
        if (!Files.isExecutable(PYTHON)) {
            return false;
        }
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import torch, numpy").redirectErrorStream(true).start();
        return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    /** The lines {@code script} prints; the calling test is skipped where python3 is missing or fails. */
    public static List<String> lines(String script) throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), "python3 is not installed (.ci/run installs it)");
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", script).redirectErrorStream(true).start();
        List<String> lines = new String(p.getInputStream().readAllBytes()).lines().toList();
        assumeTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, "python3 failed: " + lines);
        return lines;
    }

    /**
     * Checks a random generator against the reference's draws: for each seed and size, two successive draws of
     * that many floats, each printed by the script as a line of their bits as int32 (in that order).
     */
    public static void assertSameDraws(List<String> lines, long[] seeds, int[] sizes,
            java.util.function.LongFunction<java.util.function.IntFunction<float[]>> generator) {
        int line = 0;
        for (long seed : seeds) {
            for (int n : sizes) {
                var draw = generator.apply(seed);
                for (int d = 0; d < 2; d++) {
                    String[] expected = lines.get(line++).split(" ");
                    float[] got = draw.apply(n);
                    int[] bits = new int[n];
                    int[] want = new int[n];
                    for (int i = 0; i < n; i++) {
                        bits[i] = Float.floatToRawIntBits(got[i]);
                        want[i] = Integer.parseInt(expected[i]);
                    }
                    org.assertj.core.api.Assertions.assertThat(bits).as("seed %d, %d values, draw %d", seed, n, d)
                            .containsExactly(want);
                }
            }
        }
    }

    private static final java.util.Map<String, Path> FIXTURES = new java.util.HashMap<>();

    /**
     * The folder written by the fixture script {@code tools/fixtures/NAME} (OUT_DIR its one argument): written on
     * the first call of a test run, under target/ so that {@code mvn clean} removes it.
     */
    public static synchronized Path fixtures(String script) throws Exception {
        Path written = FIXTURES.get(script);
        if (written == null) {
            written = write(script);
            FIXTURES.put(script, written);
        }
        return written;
    }

    private static Path write(String script) throws Exception {
        Path d = Files.createTempDirectory(Files.createDirectories(Path.of("target", "fixtures").toAbsolutePath()),
                script.replace(".py", ""));
        Process p = new ProcessBuilder(PYTHON.toString(), "tools/fixtures/" + script, d.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(script + " failed:\n" + log);
        }
        return d;
    }
}
