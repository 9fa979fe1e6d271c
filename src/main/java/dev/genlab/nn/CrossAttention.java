package dev.genlab.nn;

import ai.djl.ndarray.NDArray;

/**
 * Multi-head cross-attention from a feature map to a sequence, as Stable Diffusion's UNet attends to the
 * text: queries from the pixels of norm(x), keys and values from the context tokens (e.g. a text encoder's
 * hidden states), the heads' outputs projected back and added to x.
 */
public final class CrossAttention {

    private final GroupNorm norm;
    private final Conv2d query;
    private final Linear key;
    private final Linear value;
    private final Conv2d proj;
    private final int channels;
    private final int heads;

    /**
     * @param contextDim width of the context tokens
     * @param heads      attention heads; must divide {@code channels}
     */
    public CrossAttention(Parameters p, String name, int channels, int contextDim, int heads) {
        if (heads < 1 || channels % heads != 0) {
            throw new IllegalArgumentException("heads must divide the channels: " + heads + " heads, " + channels
                    + " channels");
        }
        this.channels = channels;
        this.heads = heads;
        norm = GroupNorm.of(p, name + ".norm", channels);
        query = Conv2d.same(p, name + ".to_q", channels, channels, 1);
        key = new Linear(p, name + ".to_k", contextDim, channels);
        value = new Linear(p, name + ".to_v", contextDim, channels);
        proj = Conv2d.same(p, name + ".proj", channels, channels, 1);
    }

    /**
     * @param x       (B, C, H, W)
     * @param context (B, T, contextDim)
     * @return x + proj(attention), (B, C, H, W)
     */
    public NDArray forward(NDArray x, NDArray context) {
        long b = x.getShape().get(0);
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        long t = context.getShape().get(1);
        long d = channels / heads;
        NDArray q = query.forward(norm.forward(x)).reshape(b, heads, d, h * w).transpose(0, 1, 3, 2)
                .reshape(b * heads, h * w, d);
        NDArray flat = context.reshape(b * t, context.getShape().get(2));
        NDArray k = split(key.forward(flat), b, t, d);
        NDArray v = split(value.forward(flat), b, t, d);
        NDArray out = Attention.attend(q, k, v) // (B·heads, HW, d)
                .reshape(b, heads, h * w, d).transpose(0, 1, 3, 2).reshape(b, channels, h, w);
        return x.add(proj.forward(out));
    }

    /** (B·T, C) → (B·heads, T, d). */
    private NDArray split(NDArray y, long b, long t, long d) {
        return y.reshape(b, t, heads, d).transpose(0, 2, 1, 3).reshape(b * heads, t, d);
    }
}
