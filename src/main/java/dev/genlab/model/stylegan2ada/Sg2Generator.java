package dev.genlab.model.stylegan2ada;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.genlab.nn.Parameters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiFunction;

/**
 * NVIDIA's StyleGAN2-ADA generator (G_ema) on genlab's engine: the mapping network, then the synthesis blocks
 * from 4×4 to the output resolution, each reading its slice of the broadcast w's.
 */
final class Sg2Generator {

    /** Where per-pixel noise comes from: per image from its seed, the network's stored maps, or none. */
    enum NoiseMode {
        RANDOM, CONST, NONE
    }

    private final Sg2Config config;
    private final Sg2Mapping mapping;
    private final List<SynthesisBlock> blocks = new ArrayList<>();

    Sg2Generator(Sg2Config config, Parameters p) {
        this.config = config;
        mapping = new Sg2Mapping(config, p);
        for (int i = 0; i < config.blocks().size(); i++) {
            blocks.add(new SynthesisBlock(config, i, p));
        }
    }

    Sg2Config config() {
        return config;
    }

    Sg2Mapping mapping() {
        return mapping;
    }

    /** The resolution of each layer with a noise input, in the order {@link #synthesize} asks for their maps. */
    List<Integer> noiseResolutions() {
        List<Integer> out = new ArrayList<>();
        for (SynthesisBlock b : blocks) {
            for (ModulatedLayer l : b.noisyLayers()) {
                if (l.hasNoise()) {
                    out.add(l.resolution);
                }
            }
        }
        return out;
    }

    /** w (B, wDim) repeated for every layer: (B, numWs, wDim). */
    NDArray broadcast(NDArray w) {
        return w.expandDims(1).repeat(1, config.numWs());
    }

    /**
     * Images (B, C, R, R), about [−1, 1], from ws (B, numWs, wDim). With {@link NoiseMode#RANDOM}, {@code noise}
     * gives each noisy layer's (B, 1, r, r) map from its index and resolution. Intermediate arrays are freed
     * block by block: at 1024×1024 one activation is 128 MB an image.
     */
    NDArray synthesize(NDArray ws, NoiseMode mode, BiFunction<Integer, Integer, NDArray> noise) {
        NDManager parent = ws.getManager();
        NDArray x = null;
        NDArray img = null;
        int layer = 0;
        for (int i = 0; i < blocks.size(); i++) {
            SynthesisBlock block = blocks.get(i);
            try (NDManager scope = parent.newSubManager()) {
                // the block's inputs are freed with its scope; its outputs are moved out of it
                if (x != null) {
                    x.attach(scope);
                }
                if (img != null) {
                    img.attach(scope);
                }
                List<NDArray> maps = new ArrayList<>(Collections.nCopies(2, (NDArray) null));
                List<ModulatedLayer> noisy = block.noisyLayers();
                for (int j = 0; j < noisy.size(); j++) {
                    if (mode == NoiseMode.RANDOM && noisy.get(j).hasNoise()) {
                        NDArray n = noise.apply(layer++, noisy.get(j).resolution);
                        n.attach(scope);
                        maps.set(j, n);
                    }
                }
                NDArray[] out = block.forward(x, img, ws, config.firstW(i), maps, mode == NoiseMode.CONST);
                x = out[0];
                img = out[1];
                x.attach(parent);
                if (img != null) {
                    img.attach(parent);
                }
            }
        }
        x.close();
        return img;
    }
}
