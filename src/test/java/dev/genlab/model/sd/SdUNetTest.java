package dev.genlab.model.sd;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.genlab.data.NpyReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stable Diffusion's UNet against the PyTorch reference (tools/peers/sd_unet.py) on the tiny fixture. */
class SdUNetTest extends SdFixtureTest {

    @Test
    void theConfigurationIsReadFromTheShapes() throws Exception {
        try (NDManager m = NDManager.newBaseManager(); SdModel model = load("sd1-tiny.safetensors", m)) {
            SdUNetConfig c = model.unet().config();
            assertThat(c.baseChannels()).isEqualTo(32);
            assertThat(c.multipliers()).containsExactly(1, 2);
            assertThat(c.resBlocks()).isEqualTo(2);
            assertThat(c.attention()).containsExactly(true, false);
            assertThat(c.contextDim()).isEqualTo(32);
            assertThat(c.inChannels()).isEqualTo(4);
        }
    }

    @Test
    void theUNetPredictsAsThePyTorchReferenceDoes() throws Exception {
        NpyReader.Array x = NpyReader.read(fx.resolve("unet_x.npy"));
        NpyReader.Array t = NpyReader.read(fx.resolve("unet_t.npy"));
        NpyReader.Array ctx = NpyReader.read(fx.resolve("clip_out.npy"));
        float[] expected = NpyReader.read(fx.resolve("unet_out.npy")).values();
        for (String f : List.of("sd1-tiny.safetensors", "sd1-tiny.ckpt")) {
            try (NDManager m = NDManager.newBaseManager(); SdModel model = load(f, m)) {
                float[] out = model.unet().forward(m.create(x.values(), new Shape(x.shape())),
                        m.create(t.values(), new Shape(t.shape())), m.create(ctx.values(), new Shape(ctx.shape())))
                        .toFloatArray();
                assertThat(out).hasSameSizeAs(expected);
                float worst = 0;
                for (int i = 0; i < out.length; i++) {
                    worst = Math.max(worst, Math.abs(out[i] - expected[i]));
                }
                assertThat(worst).as(f + ": largest difference from PyTorch").isLessThan(1e-4f);
            }
        }
    }

    @Test
    void attentionInGroupsOfHeadsEqualsAllHeadsAtOnce() throws Exception {
        try (NDManager m = NDManager.newBaseManager(); SdModel model = load("sd1-tiny.safetensors", m)) {
            NDArray x = m.randomNormal(new Shape(2, 4, 6, 8));
            NDArray t = m.create(new float[] {500, 20});
            NDArray ctx = m.randomNormal(new Shape(2, 77, 32));
            float[] whole = model.unet().forward(x, t, ctx).toFloatArray();
            float[] split;
            try (var limit = UNetBlocks.MultiHeadAttention.limitScores(48 * 20)) {
                split = model.unet().forward(x, t, ctx).toFloatArray();
            }
            assertThat(split).containsExactly(whole, org.assertj.core.data.Offset.offset(1e-6f));
        }
    }

    @Test
    void anFp16FilesWeightsStayHalfInMemoryAndPredictExactlyAsWidenedAtLoad() throws Exception {
        Path file = fx.resolve("sd1-tiny-fp16.safetensors");
        var tensors = dev.genlab.checkpoint.Checkpoints.open(file).under(dev.genlab.checkpoint.SdKeyMap.UNET);
        try (NDManager m = NDManager.newBaseManager()) {
            dev.genlab.nn.Parameters half = dev.genlab.nn.Parameters.readingKeepingHalf(m,
                    tensors, file);
            SdUNet kept = new SdUNet(SdUNetConfig.of(tensors), half);
            dev.genlab.nn.Parameters wide = dev.genlab.nn.Parameters.reading(m,
                    tensors, file);
            SdUNet widened = new SdUNet(SdUNetConfig.of(tensors), wide);
            // the convolutions' and linear layers' weights stay float16; vectors (biases, norms) are widened
            assertThat(half.all().get("input_blocks.1.0.in_layers.2.weight").getDataType())
                    .isEqualTo(ai.djl.ndarray.types.DataType.FLOAT16);
            assertThat(half.all().get("input_blocks.1.0.in_layers.2.bias").getDataType())
                    .isEqualTo(ai.djl.ndarray.types.DataType.FLOAT32);
            long bytesHalf = half.all().values().stream().mapToLong(a -> a.getShape().size()
                    * a.getDataType().getNumOfBytes()).sum();
            assertThat(bytesHalf).isLessThan(wide.count() * 4 * 6 / 10);
            NDArray x = m.randomNormal(new Shape(2, 4, 8, 8));
            NDArray t = m.create(new float[] {700, 30});
            NDArray ctx = m.randomNormal(new Shape(2, 77, 32));
            assertThat(kept.forward(x, t, ctx).toFloatArray()).containsExactly(widened.forward(x, t, ctx).toFloatArray());
            // widened copies are freed with the call's arrays, not kept beside the half weights
            assertThat(half.all().values()).allMatch(a -> !a.isReleased());
        }
    }

    private SdModel load(String file, NDManager m) throws Exception {
        return SdFixtures.load(models, file, null, m);
    }
}
