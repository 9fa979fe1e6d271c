package dev.genlab.nn;

import ai.djl.ndarray.NDArray;

/**
 * Scaled dot-product attention (Vaswani et al., 2017), one head, and the self-attention block of the
 * diffusion UNet over the pixels of a feature map. Cross-attention uses {@link #attend} with keys and
 * values from another sequence.
 */
public final class Attention {

    private final GroupNorm norm;
    private final Conv2d qkv;
    private final Conv2d proj;
    private final int channels;

    public Attention(Parameters p, String name, int channels) {
        this.channels = channels;
        norm = GroupNorm.of(p, name + ".norm", channels);
        qkv = Conv2d.same(p, name + ".qkv", channels, 3 * channels, 1);
        proj = Conv2d.same(p, name + ".proj", channels, channels, 1);
    }

    /** softmax(q·kᵀ/√d)·v for q (B, Nq, d), k and v (B, Nk, d) → (B, Nq, d). */
    public static NDArray attend(NDArray q, NDArray k, NDArray v) {
        long d = q.getShape().get(2);
        NDArray scores = Tensors.scale(q.batchMatMul(k.transpose(0, 2, 1)), 1 / Math.sqrt(d));
        FlopCounter.add(4L * q.getShape().get(0) * q.getShape().get(1) * k.getShape().get(1) * d);
        return scores.softmax(2).batchMatMul(v);
    }

    /** x + proj(attention over the pixels of norm(x)). */
    public NDArray forward(NDArray x) { // (B, C, H, W) -> same
        long b = x.getShape().get(0);
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        NDArray t = qkv.forward(norm.forward(x)).reshape(b, 3, channels, h * w).transpose(1, 0, 3, 2); // (3, B, N, C)
        NDArray out = attend(t.get(0), t.get(1), t.get(2)); // (B, N, C)
        return x.add(proj.forward(out.transpose(0, 2, 1).reshape(b, channels, h, w)));
    }
}
