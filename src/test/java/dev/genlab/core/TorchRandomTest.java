package dev.genlab.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** genlab's copy of torch.randn against Debian's python3-torch itself, bit for bit. */
class TorchRandomTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @Test
    void drawsExactlyWhatTorchDrawsOnTheCpu() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), "python3-torch is not installed (.ci/run installs it)");
        // seeds above 2^32 (torch keeps the low 32 bits), sizes that are and are not multiples of 16, SD's latents
        long[] seeds = {0, 1, 42, 12345, 4_294_967_297L, 987_654_321};
        int[] sizes = {16, 17, 40, 4 * 8 * 8, 4 * 64 * 64 + 0, 4 * 64 * 96 + 3, 1000};
        StringBuilder script = new StringBuilder("import torch\n");
        for (long seed : seeds) {
            for (int n : sizes) {
                // two draws from one generator: the second continues the stream, as ancestral noise does
                script.append("g = torch.Generator().manual_seed(").append(seed).append(")\n")
                        .append("for _ in range(2): print(' '.join(str(v) for v in torch.randn(").append(n)
                        .append(", generator=g).view(torch.int32).tolist()))\n");
            }
        }
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", script.toString()).redirectErrorStream(true).start();
        List<String> lines = new String(p.getInputStream().readAllBytes()).lines().toList();
        assumeTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, "python3-torch failed: " + lines);
        int line = 0;
        for (long seed : seeds) {
            for (int n : sizes) {
                TorchRandom r = new TorchRandom(seed);
                for (int draw = 0; draw < 2; draw++) {
                    String[] expected = lines.get(line++).split(" ");
                    float[] got = r.normals(n);
                    int[] bits = new int[n];
                    int[] want = new int[n];
                    for (int i = 0; i < n; i++) {
                        bits[i] = Float.floatToRawIntBits(got[i]);
                        want[i] = Integer.parseInt(expected[i]);
                    }
                    assertThat(bits).as("seed %d, %d values, draw %d", seed, n, draw).containsExactly(want);
                }
            }
        }
    }
}
