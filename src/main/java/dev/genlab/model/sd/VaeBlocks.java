package dev.genlab.model.sd;

import ai.djl.ndarray.NDArray;
import dev.genlab.nn.Attention;
import dev.genlab.nn.Conv2d;
import dev.genlab.nn.GroupNorm;
import dev.genlab.nn.Parameters;
import dev.genlab.nn.Tensors;

/** The two blocks Stable Diffusion's VAE is made of, with the original parameter names. */
final class VaeBlocks {

    /** GroupNorm as the VAE has it: 32 groups, ε = 1e-6. */
    static GroupNorm norm(Parameters p, String name, int channels) {
        return GroupNorm.withEngineKernel(p, name, 32, channels, 1e-6f);
    }

    private VaeBlocks() {}

    /** norm1 → SiLU → conv1 → norm2 → SiLU → conv2, plus the input (through nin_shortcut when widths differ). */
    static final class Resnet {
        private final GroupNorm norm1;
        private final Conv2d conv1;
        private final GroupNorm norm2;
        private final Conv2d conv2;
        private final Conv2d shortcut;

        Resnet(Parameters p, String name, int in, int out) {
            norm1 = norm(p, name + ".norm1", in);
            conv1 = Conv2d.same(p, name + ".conv1", in, out, 3);
            norm2 = norm(p, name + ".norm2", out);
            conv2 = Conv2d.same(p, name + ".conv2", out, out, 3);
            shortcut = in != out ? Conv2d.same(p, name + ".nin_shortcut", in, out, 1) : null;
        }

        /**
         * In place where the arrays are this call's own: at 512² every fresh 128 MiB array costs page faults;
         * the convolutions run in bands of rows (the same values, a fraction of the memory).
         */
        NDArray forward(NDArray x) {
            NDArray a = Tensors.siluInPlace(norm1.forward(x));
            NDArray h = conv1.forwardInBands(a, 1);
            a.close();
            NDArray b = Tensors.siluInPlace(norm2.forward(h));
            h.close();
            NDArray out = conv2.forwardInBands(b, 1);
            b.close();
            if (shortcut == null) {
                return out.addi(x);
            }
            try (NDArray s = shortcut.forwardInBands(x, 1)) {
                return out.addi(s);
            }
        }
    }

    /** Single-head self-attention over the pixels, with 1×1 convolutions q, k, v and proj_out. */
    static final class SelfAttention {
        private final GroupNorm norm;
        private final Conv2d q;
        private final Conv2d k;
        private final Conv2d v;
        private final Conv2d proj;

        SelfAttention(Parameters p, String name, int channels) {
            norm = norm(p, name + ".norm", channels);
            q = Conv2d.same(p, name + ".q", channels, channels, 1);
            k = Conv2d.same(p, name + ".k", channels, channels, 1);
            v = Conv2d.same(p, name + ".v", channels, channels, 1);
            proj = Conv2d.same(p, name + ".proj_out", channels, channels, 1);
        }

        NDArray forward(NDArray x) {
            long b = x.getShape().get(0);
            long c = x.getShape().get(1);
            long h = x.getShape().get(2);
            long w = x.getShape().get(3);
            NDArray n = norm.forward(x);
            NDArray out = Attention.attend(pixels(q.forward(n)), pixels(k.forward(n)), pixels(v.forward(n)));
            return x.add(proj.forward(out.transpose(0, 2, 1).reshape(b, c, h, w)));
        }

        /** (B, C, H, W) → (B, H·W, C). */
        private static NDArray pixels(NDArray t) {
            return t.reshape(t.getShape().get(0), t.getShape().get(1), -1).transpose(0, 2, 1);
        }
    }
}
