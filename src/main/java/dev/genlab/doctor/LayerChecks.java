package dev.genlab.doctor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.genlab.core.SeededRandom;
import dev.genlab.nn.Attention;
import dev.genlab.nn.Conv2d;
import dev.genlab.nn.CrossAttention;
import dev.genlab.nn.GroupNorm;
import dev.genlab.nn.Linear;
import dev.genlab.nn.MaskedConv2d;
import dev.genlab.nn.ModulatedConv2d;
import dev.genlab.nn.ResBlock;
import dev.genlab.nn.Tensors;
import dev.genlab.nn.TimestepEmbedding;
import java.util.List;

/**
 * Every layer kind genlab's families are built from, at channel counts that are not multiples of the
 * engine's channel block (where its convolutions went wrong) and at counts that are.
 */
final class LayerChecks {

    private LayerChecks() {}

    static List<LayerCheck> all() {
        return List.of(
                new LayerCheck("convolution 3×3, 24 → 8 channels", p -> Conv2d.same(p, "c", 24, 8, 3)::forward,
                        new Shape(8, 24, 8, 8)),
                new LayerCheck("convolution 3×3, 1 → 4 channels (first layer)", p -> Conv2d.same(p, "c", 1, 4, 3)::forward,
                        new Shape(8, 1, 12, 12)),
                new LayerCheck("convolution 4×4 stride 2, 8 → 20 channels",
                        p -> new Conv2d(p, "c", 8, 20, 4, 2, 1)::forward, new Shape(8, 8, 12, 12)),
                new LayerCheck("convolution 1×1, 20 → 4 channels", p -> Conv2d.same(p, "c", 20, 4, 1)::forward,
                        new Shape(8, 20, 6, 6)),
                new LayerCheck("convolution 3×3, 32 → 32 channels", p -> Conv2d.same(p, "c", 32, 32, 3)::forward,
                        new Shape(4, 32, 6, 6)),
                new LayerCheck("masked convolution, dilated (PixelCNN)",
                        p -> new MaskedConv2d(p, "c", 6, 10, 3, 3, MaskedConv2d.upToCentreRow(3), 2, 2)::forward,
                        new Shape(8, 6, 10, 10)),
                new LayerCheck("modulated convolution (StyleGAN)", p -> {
                    ModulatedConv2d conv = new ModulatedConv2d(p, "c", 12, 6, 3, 8, true);
                    return x -> conv.forward(x, constant(x, new Shape(x.getShape().get(0), 8), 3));
                }, new Shape(6, 12, 8, 8)),
                new LayerCheck("linear", p -> new Linear(p, "l", 40, 12)::forward, new Shape(16, 40)),
                new LayerCheck("group norm, 24 channels", p -> GroupNorm.of(p, "n", 24)::forward,
                        new Shape(4, 24, 6, 6)),
                new LayerCheck("self-attention", p -> new Attention(p, "a", 16)::forward, new Shape(4, 16, 6, 6)),
                new LayerCheck("cross-attention to 5 tokens", p -> {
                    CrossAttention attention = new CrossAttention(p, "a", 8, 12, 2);
                    return x -> attention.forward(x, constant(x, new Shape(x.getShape().get(0), 5, 12), 5));
                }, new Shape(4, 8, 6, 6)),
                new LayerCheck("residual block with embedding, 24 → 8 channels", p -> {
                    ResBlock block = new ResBlock(p, "r", 24, 8, 16);
                    return x -> block.forward(x, constant(x, new Shape(x.getShape().get(0), 16), 7));
                }, new Shape(4, 24, 8, 8)),
                new LayerCheck("timestep embedding", p -> new TimestepEmbedding(p, "t", 8)::forward, new Shape(6)),
                new LayerCheck("nearest 2× upsampling", p -> Tensors::upsample2x, new Shape(2, 3, 4, 4)));
    }

    /** A fixed random input beside x (a style vector, text tokens), in x's precision and manager. */
    private static NDArray constant(NDArray x, Shape shape, long seed) {
        float[] v = new SeededRandom(seed).gaussians(Math.toIntExact(shape.size()));
        return x.getManager().create(v, shape).toType(x.getDataType(), false);
    }
}
