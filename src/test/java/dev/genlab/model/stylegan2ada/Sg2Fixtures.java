package dev.genlab.model.stylegan2ada;

import dev.genlab.PythonPeer;
import java.nio.file.Path;

/**
 * The tiny StyleGAN2-ADA network pickles of tools/fixtures/stylegan_pickles.py and the PyTorch reference's
 * images of them, written once per test run with Debian's python3-torch (which .ci/run installs).
 */
final class Sg2Fixtures {

    /** The seeds the fixture drew its latents for, with numpy's RandomState. */
    static final long[] SEEDS = {0, 42, 123, 2024};
    private static Path dir;

    private Sg2Fixtures() {}

    static synchronized Path dir() throws Exception {
        if (dir == null) {
            dir = PythonPeer.fixtures("stylegan_pickles.py");
        }
        return dir;
    }
}
