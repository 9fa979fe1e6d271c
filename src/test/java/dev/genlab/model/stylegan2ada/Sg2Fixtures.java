package dev.genlab.model.stylegan2ada;

import dev.genlab.PythonPeer;
import java.nio.file.Path;

/**
 * The tiny StyleGAN2-ADA network pickles of tools/fixtures/stylegan_pickles.py and the PyTorch reference's
 * images of them, written once per test run with Debian's python3-torch (which .ci/run installs).
 */
abstract class Sg2Fixtures {

    /** The tiny networks' folder, for the tests that extend this. */
    static Path fx;

    /** A folder of models for each test. */
    @org.junit.jupiter.api.io.TempDir
    Path models;

    @org.junit.jupiter.api.BeforeAll
    static void fixtures() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(PythonPeer.available(),
                "Debian's python3-torch is not installed (.ci/run installs it)");
        fx = dir();
    }

    /** genlab's command line on this test's models folder. */
    dev.genlab.TestCli.Run run(String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--models-dir";
        all[args.length + 1] = models.toString();
        return dev.genlab.TestCli.run(all);
    }

    /** The seeds the fixture drew its latents for, with numpy's RandomState. */
    static final long[] SEEDS = {0, 42, 123, 2024};

    static Path dir() throws Exception {
        return PythonPeer.fixtures("stylegan_pickles.py");
    }
}
