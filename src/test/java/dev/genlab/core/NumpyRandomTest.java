package dev.genlab.core;


import java.util.List;
import org.junit.jupiter.api.Test;

/** genlab's copy of numpy's legacy RandomState.randn against Debian's python3-numpy itself, bit for bit. */
class NumpyRandomTest {

    @Test
    void drawsExactlyWhatNumpysRandomStateDraws() throws Exception {
        // StyleGAN's seeds (0, 42, NVIDIA's seed lists go to the thousands), the largest numpy takes, odd sizes
        // (a Gaussian pair split between two draws) and the 512 of z
        long[] seeds = {0, 1, 42, 1234, 4_294_967_295L};
        int[] sizes = {1, 3, 512};
        StringBuilder script = new StringBuilder("import numpy as np\n");
        for (long seed : seeds) {
            for (int n : sizes) {
                script.append("r = np.random.RandomState(").append(seed).append(")\n")
                        .append("for _ in range(2): print(' '.join(str(v) for v in r.randn(1, ").append(n)
                        .append(").astype(np.float32).view(np.int32).ravel().tolist()))\n");
            }
        }
        List<String> lines = dev.genlab.PythonPeer.lines(script.toString());
        dev.genlab.PythonPeer.assertSameDraws(lines, seeds, sizes, seed -> {
            NumpyRandom r = new NumpyRandom(seed);
            return r::gaussians;
        });
    }
}
