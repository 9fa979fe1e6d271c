package dev.genlab.core;


import java.util.List;
import org.junit.jupiter.api.Test;

/** genlab's copy of torch.randn against Debian's python3-torch itself, bit for bit. */
class TorchRandomTest {

    @Test
    void drawsExactlyWhatTorchDrawsOnTheCpu() throws Exception {
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
        List<String> lines = dev.genlab.PythonPeer.lines(script.toString());
        dev.genlab.PythonPeer.assertSameDraws(lines, seeds, sizes, seed -> {
            TorchRandom r = new TorchRandom(seed);
            return r::normals;
        });
    }
}
