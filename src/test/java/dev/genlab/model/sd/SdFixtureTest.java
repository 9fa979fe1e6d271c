package dev.genlab.model.sd;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** What the Stable Diffusion tests share: the fixture folder (skipped without python3-torch) and a models folder. */
abstract class SdFixtureTest {

    static Path fx;

    @TempDir
    Path models;

    @BeforeAll
    static void fixtures() throws Exception {
        assumeTrue(SdFixtures.available(), "Debian's python3-torch is not installed (.ci/run installs it)");
        fx = SdFixtures.dir();
    }
}
