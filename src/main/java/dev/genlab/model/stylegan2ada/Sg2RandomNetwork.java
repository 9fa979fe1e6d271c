package dev.genlab.model.stylegan2ada;

import ai.djl.ndarray.NDManager;
import dev.genlab.checkpoint.NetworkPickle;
import dev.genlab.checkpoint.RandomCheckpoint;
import dev.genlab.data.safetensors.DType;
import dev.genlab.data.safetensors.SafeTensors;
import dev.genlab.nn.Parameters;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A generator of the shape of NVIDIA's FFHQ network (1024×1024, z and w 512, 8 mapping layers, channels
 * min(32768 / resolution, 512), conv_clamp 256, skip) with random weights drawn as NVIDIA initialises them
 * (weights N(0, 1), mapping weights N(0, 1/0.01²), biases 0, style biases 1, noise strengths 0), written as
 * safetensors with the settings a converted pickle carries: what bench times the real architecture with when
 * the real file is not at hand. The metadata marks it, so that its rows say "random weights: timing only".
 */
public final class Sg2RandomNetwork {

    /** The constructor arguments of the FFHQ network (StyleGAN2-ADA's paper1024 configuration). */
    static final String FFHQ_KWARGS = "{\"c_dim\":0,\"img_channels\":3,\"img_resolution\":1024,\"mapping_kwargs\":"
            + "{\"num_layers\":8},\"synthesis_kwargs\":{\"architecture\":\"skip\",\"channel_base\":32768,"
            + "\"channel_max\":512,\"conv_clamp\":256,\"num_fp16_res\":4},\"w_dim\":512,\"z_dim\":512}";

    private Sg2RandomNetwork() {}

    /** The FFHQ-shaped configuration. */
    static Sg2Config ffhq() {
        List<Sg2Config.Block> blocks = new ArrayList<>();
        int previous = 0;
        for (int res = 4; res <= 1024; res *= 2) {
            int channels = Math.min(32768 / res, 512);
            blocks.add(new Sg2Config.Block(res, previous, channels));
            previous = channels;
        }
        return new Sg2Config(512, 0, 512, 8, 0.01, 1024, 3, Sg2Config.Architecture.SKIP, 256.0, true,
                List.copyOf(blocks));
    }

    /** Writes the FFHQ-shaped network with weights from {@code seed}; returns its parameter count. */
    public static long writeFfhq(Path out, DType dtype, long seed) {
        try (NDManager m = NDManager.newBaseManager(); Parameters p = new Parameters(m, seed)) {
            new Sg2Generator(ffhq(), p);
            Map<String, String> metadata = new LinkedHashMap<>(); // ordered: the same seed writes the same bytes
            metadata.put(RandomCheckpoint.MARK, "StyleGAN2-ADA FFHQ shape (1024x1024), seed " + seed
                    + ": random weights, for timing only");
            metadata.put(NetworkPickle.CLASS, "Generator");
            metadata.put(NetworkPickle.INIT_KWARGS, FFHQ_KWARGS);
            metadata.put("format", "pt");
            SafeTensors.write(out, p.toTensors(dtype), metadata);
            return p.count();
        }
    }
}
