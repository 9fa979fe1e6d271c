package dev.genlab.nn;

import ai.djl.ndarray.NDArray;

/**
 * The diffusion UNet's residual block (Ho et al., 2020, after Wide ResNets): GroupNorm, SiLU, 3×3 conv,
 * plus a projection of the conditioning embedding added per channel, then GroupNorm, SiLU, 3×3 conv; a
 * 1×1 conv on the skip path when the channel count changes. Without an embedding (an autoencoder's
 * blocks) the projection is left out.
 */
public final class ResBlock {

    private final GroupNorm norm1;
    private final Conv2d conv1;
    private final Linear embed;
    private final GroupNorm norm2;
    private final Conv2d conv2;
    private final Conv2d skip;

    public ResBlock(Parameters p, String name, int in, int out, int embedDim) {
        norm1 = GroupNorm.of(p, name + ".norm1", in);
        conv1 = Conv2d.same(p, name + ".conv1", in, out, 3);
        embed = embedDim > 0 ? new Linear(p, name + ".embed", embedDim, out) : null;
        norm2 = GroupNorm.of(p, name + ".norm2", out);
        conv2 = Conv2d.same(p, name + ".conv2", out, out, 3);
        skip = in == out ? null : Conv2d.same(p, name + ".skip", in, out, 1);
    }

    /** A block without conditioning embedding. */
    public ResBlock(Parameters p, String name, int in, int out) {
        this(p, name, in, out, 0);
    }

    /** For a block without embedding. */
    public NDArray forward(NDArray x) { // (B, in, H, W) -> (B, out, H, W)
        return forward(x, null);
    }

    /**
     * @param x   (B, in, H, W)
     * @param emb (B, embedDim), already through its nonlinearity; null for a block without embedding
     */
    public NDArray forward(NDArray x, NDArray emb) { // -> (B, out, H, W)
        NDArray h = conv1.forward(Tensors.silu(norm1.forward(x)));
        if (embed != null) {
            NDArray e = embed.forward(emb);
            h = h.add(e.reshape(e.getShape().get(0), e.getShape().get(1), 1, 1));
        }
        h = conv2.forward(Tensors.silu(norm2.forward(h)));
        return (skip == null ? x : skip.forward(x)).add(h);
    }
}
