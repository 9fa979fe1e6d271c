package dev.genlab.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.genlab.core.SeededRandom;
import dev.genlab.data.NpyWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * genlab's Fréchet distance against scipy's (tools/fd_check.py, the pytorch-fid recipe) on the same
 * features: they must agree to 1e-3 relative. Skipped where Debian's python3-scipy is not installed
 * (.ci/run installs it).
 */
class FrechetAgainstScipyTest {

    static final Path PYTHON = Path.of("/usr/bin/python3");

    @TempDir
    Path dir;

    /** Correlated features with some dead (constant) units, like a classifier's SiLU layer gives. */
    private static float[][] features(long seed, int n, int d, float shift) {
        SeededRandom r = new SeededRandom(seed);
        float[][] mix = new float[d][d];
        for (int i = 0; i < d; i++) {
            mix[i] = r.gaussians(d);
        }
        float[][] rows = new float[n][d];
        for (int k = 0; k < n; k++) {
            float[] z = r.gaussians(d);
            for (int i = 0; i < d; i++) {
                if (i % 16 == 15) {
                    rows[k][i] = 0.25f; // dead unit
                    continue;
                }
                float v = shift;
                for (int j = 0; j < d; j++) {
                    v += 0.2f * mix[i][j] * z[j];
                }
                rows[k][i] = Math.max(v, -0.3f);
            }
        }
        return rows;
    }

    private static boolean scipyAvailable() throws Exception {
        if (!Files.isExecutable(PYTHON)) {
            return false;
        }
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import scipy, numpy").redirectErrorStream(true).start();
        return p.waitFor() == 0;
    }

    @Test
    void matchesScipyToOnePartInAThousand() throws Exception {
        assumeTrue(scipyAvailable(), "python3-scipy is not installed");
        float[][] real = features(1, 1500, 64, 0f);
        float[][] generated = features(2, 800, 64, 0.1f);
        ReferenceStatistics ref = new ReferenceStatistics(FeatureStatistics.of(real), real, real, "test");
        ref.write(dir);
        NpyWriter.write(dir.resolve("gen.npy"), generated);
        Process p = new ProcessBuilder(PYTHON.toString(), "tools/fd_check.py", dir.resolve("gen.npy").toString(),
                dir.resolve(ReferenceStatistics.FILE).toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).as(out).isZero();
        double scipy = Double.parseDouble(out);
        double genlab = FrechetDistance.compute(FeatureStatistics.of(generated), ReferenceStatistics.read(dir).test());
        assertThat(genlab).isCloseTo(scipy, Percentage.withPercentage(0.1));
        assertThat(genlab).isGreaterThan(0.1);
    }
}
