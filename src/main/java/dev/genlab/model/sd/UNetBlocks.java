package dev.genlab.model.sd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.genlab.nn.Conv2d;
import dev.genlab.nn.FlopCounter;
import dev.genlab.nn.GroupNorm;
import dev.genlab.nn.Parameters;
import dev.genlab.nn.Tensors;

/**
 * The blocks Stable Diffusion 1.x's UNet is made of, with the original (CompVis) parameter names. The
 * parameters start at zero: they are always loaded from a checkpoint.
 */
final class UNetBlocks {

    private UNetBlocks() {}

    /** The residual blocks' GroupNorm: 32 groups, PyTorch's ε 1e-5. */
    static GroupNorm norm(Parameters p, String name, int channels) {
        return GroupNorm.withEngineKernel(p, name, 32, channels, 1e-5f);
    }

    static Conv2d conv(Parameters p, String name, int in, int out, int kernel) {
        return new Conv2d(p, name, in, out, kernel, 1, kernel / 2, 0);
    }

    /** A linear layer on the last axis of any shape, with or without a bias. */
    record Dense(NDArray weight, NDArray bias) {
        static Dense of(Parameters p, String name, int in, int out, boolean bias) {
            return new Dense(p.constant(name + ".weight", new Shape(out, in), 0f),
                    bias ? p.constant(name + ".bias", new Shape(out), 0f) : null);
        }

        NDArray forward(NDArray x) {
            FlopCounter.add(2L * x.getShape().size() / x.getShape().tail() * weight.getShape().size());
            return Tensors.usingWidened(weight, w -> dev.genlab.nn.Convolution.linear(x, w, bias));
        }
    }

    /** Layer norm over the last axis, ε 1e-5. */
    record LayerNorm(NDArray weight, NDArray bias) {
        static LayerNorm of(Parameters p, String name, int width) {
            return new LayerNorm(p.constant(name + ".weight", new Shape(width), 1f),
                    p.constant(name + ".bias", new Shape(width), 0f));
        }

        NDArray forward(NDArray x) {
            return x.getNDArrayInternal().layerNorm(x, new Shape(weight.getShape().get(0)), weight, bias, 1e-5f)
                    .singletonOrThrow();
        }
    }

    /**
     * in_layers (GroupNorm, SiLU, 3×3 conv), the projected time embedding added per channel, out_layers
     * (GroupNorm, SiLU, 3×3 conv), plus the input (through a 1×1 skip_connection when widths differ).
     */
    static final class ResBlock {
        private final GroupNorm norm1;
        private final Conv2d conv1;
        private final Dense emb;
        private final GroupNorm norm2;
        private final Conv2d conv2;
        private final Conv2d skip;

        ResBlock(Parameters p, String name, int in, int out, int embDim) {
            norm1 = norm(p, name + ".in_layers.0", in);
            conv1 = conv(p, name + ".in_layers.2", in, out, 3);
            emb = Dense.of(p, name + ".emb_layers.1", embDim, out, true);
            norm2 = norm(p, name + ".out_layers.0", out);
            conv2 = conv(p, name + ".out_layers.3", out, out, 3);
            skip = in != out ? conv(p, name + ".skip_connection", in, out, 1) : null;
        }

        /** @param embSilu SiLU of the time embedding, (B, embDim) */
        /** In place on this call's own arrays only: {@code x} may be a skip activation the way up still needs. */
        NDArray forward(NDArray x, NDArray embSilu) {
            NDArray a = Tensors.siluInPlace(norm1.forward(x));
            NDArray h = conv1.forward(a);
            a.close();
            NDArray e = emb.forward(embSilu);
            h.addi(e.reshape(e.getShape().get(0), e.getShape().get(1), 1, 1));
            NDArray b = Tensors.siluInPlace(norm2.forward(h));
            h.close();
            NDArray out = conv2.forward(b);
            b.close();
            if (skip == null) {
                return out.addi(x);
            }
            try (NDArray s = skip.forward(x)) {
                return out.addi(s);
            }
        }
    }

    /**
     * Multi-head attention with the dot products computed a block at a time: at 512×512 self-attention runs
     * over 4,096 positions, and every head's score matrix at once would be 2 × 8 × 4096² floats (1 GiB) for
     * a guided step. A block is a group of heads, or of one head's query rows, whose scores stay under
     * 16 MiB: below glibc's largest mmap threshold (32 MiB) they come from the reused heap instead of fresh
     * pages, which on some machines cost more to fault in than the arithmetic (a 64 MiB score matrix took
     * 6× longer than four 16 MiB ones here).
     */
    static final class MultiHeadAttention {
        /** At most this many score values at once (4 Mi floats: 16 MiB). */
        private static final long MAX_SCORES = 4L << 20;
        private static final ThreadLocal<Long> LIMIT = ThreadLocal.withInitial(() -> MAX_SCORES);

        /** For tests: a smaller limit on this thread until closed, so that the blocking is exercised. */
        static AutoCloseable limitScores(long scores) {
            LIMIT.set(scores);
            return LIMIT::remove;
        }

        private final Dense q;
        private final Dense k;
        private final Dense v;
        private final Dense out;
        private final int heads;
        private final int width;

        MultiHeadAttention(Parameters p, String name, int width, int contextDim, int heads) {
            q = Dense.of(p, name + ".to_q", width, width, false);
            k = Dense.of(p, name + ".to_k", contextDim, width, false);
            v = Dense.of(p, name + ".to_v", contextDim, width, false);
            out = Dense.of(p, name + ".to_out.0", width, width, true);
            this.heads = heads;
            this.width = width;
        }

        /** x (B, N, width) attending to context (B, T, contextDim). */
        NDArray forward(NDArray x, NDArray context) {
            long b = x.getShape().get(0);
            long n = x.getShape().get(1);
            long t = context.getShape().get(1);
            long d = width / heads;
            NDArray qh = split(q.forward(x), b, n, d);
            NDArray kh = split(k.forward(context), b, t, d);
            NDArray vh = split(v.forward(context), b, t, d);
            long slices = b * heads;
            long limit = LIMIT.get();
            long group = Math.max(1, Math.min(slices, limit / (n * t)));
            long rows = group > 1 ? n : Math.max(1, Math.min(n, limit / t));
            float scale = (float) (1 / Math.sqrt(d));
            FlopCounter.add(4L * slices * n * t * d);
            NDList parts = new NDList();
            for (long s = 0; s < slices; s += group) {
                String heads = s + ":" + Math.min(slices, s + group);
                NDArray ks = kh.get(heads).transpose(0, 2, 1);
                NDArray vs = vh.get(heads);
                NDList rowParts = new NDList();
                for (long r = 0; r < n; r += rows) {
                    NDArray qs = qh.get(heads + ", " + r + ":" + Math.min(n, r + rows));
                    rowParts.add(Tensors.scoped(qs, qq -> qq.mul(scale).batchMatMul(ks).softmax(2).batchMatMul(vs)));
                }
                parts.add(rowParts.size() == 1 ? rowParts.get(0) : NDArrays.concat(rowParts, 1));
            }
            NDArray o = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
            return out.forward(o.reshape(b, this.heads, n, d).transpose(0, 2, 1, 3).reshape(b, n, width));
        }

        /** (B, N, H·d) → (B·H, N, d). */
        private NDArray split(NDArray y, long b, long n, long d) {
            return y.reshape(b, n, heads, d).transpose(0, 2, 1, 3).reshape(b * heads, n, d);
        }
    }

    /**
     * The spatial transformer: GroupNorm (ε 1e-6), 1×1 proj_in, one transformer block over the pixels
     * (self-attention, cross-attention to the text, GEGLU feed-forward; pre-norm, residual), 1×1 proj_out,
     * plus the input.
     */
    static final class SpatialTransformer {
        private final GroupNorm norm;
        private final Conv2d projIn;
        private final LayerNorm norm1;
        private final MultiHeadAttention self;
        private final LayerNorm norm2;
        private final MultiHeadAttention cross;
        private final LayerNorm norm3;
        private final Dense geglu;
        private final Dense ffOut;
        private final Conv2d projOut;

        SpatialTransformer(Parameters p, String name, int c, int contextDim, int heads) {
            norm = GroupNorm.withEngineKernel(p, name + ".norm", 32, c, 1e-6f);
            projIn = conv(p, name + ".proj_in", c, c, 1);
            String t = name + ".transformer_blocks.0.";
            norm1 = LayerNorm.of(p, t + "norm1", c);
            self = new MultiHeadAttention(p, t + "attn1", c, c, heads);
            norm2 = LayerNorm.of(p, t + "norm2", c);
            cross = new MultiHeadAttention(p, t + "attn2", c, contextDim, heads);
            norm3 = LayerNorm.of(p, t + "norm3", c);
            geglu = Dense.of(p, t + "ff.net.0.proj", c, 8 * c, true);
            ffOut = Dense.of(p, t + "ff.net.2", 4 * c, c, true);
            projOut = conv(p, name + ".proj_out", c, c, 1);
        }

        NDArray forward(NDArray x, NDArray context) {
            Shape s = x.getShape();
            long b = s.get(0);
            long c = s.get(1);
            long hw = s.get(2) * s.get(3);
            NDArray h = projIn.forward(norm.forward(x)).reshape(b, c, hw).transpose(0, 2, 1);
            h = Tensors.consumed(h, t -> {
                NDArray n1 = norm1.forward(t);
                return t.add(self.forward(n1, n1));
            });
            h = Tensors.consumed(h, t -> t.add(cross.forward(norm2.forward(t), context)));
            h = Tensors.consumed(h, t -> {
                NDList halves = geglu.forward(norm3.forward(t)).split(2, 2);
                return t.add(ffOut.forward(halves.get(0).mul(Activation.gelu(halves.get(1)))));
            });
            return x.add(projOut.forward(h.transpose(0, 2, 1).reshape(s)));
        }
    }
}
