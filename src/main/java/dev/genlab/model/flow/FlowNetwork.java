package dev.genlab.model.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.genlab.core.SeededRandom;
import dev.genlab.nn.Parameters;
import dev.genlab.nn.Tensors;
import java.util.ArrayList;
import java.util.List;

/**
 * A multi-scale normalizing flow in the manner of RealNVP and Glow. Pixels in [0, 1] (dequantised) go
 * through the logit transform, then per level: squeeze, K × (actnorm, invertible 1×1 conv, affine
 * coupling), and, except at the last level, half of the channels leave as latents. Every map is
 * invertible with a cheap log-determinant, so the likelihood is exact:
 * log p(x) = log N(z; 0, I) + Σ log|det J|.
 */
final class FlowNetwork {

    static final String PREFIX = "flow.";
    /** RealNVP's logit transform squeezes pixels into [α, 1 − α] first, so the logit stays finite. */
    static final double ALPHA = 0.05;

    private final FlowConfig config;
    private final Parameters params;
    private final List<List<FlowLayer>> levels = new ArrayList<>();
    private final List<Shape> latentShapes = new ArrayList<>();

    FlowNetwork(FlowConfig config, Parameters params) {
        this.config = config;
        this.params = params;
        int c = config.image().channels();
        int h = config.image().height();
        int w = config.image().width();
        for (int l = 0; l < config.levels(); l++) {
            c *= 4;
            h /= 2;
            w /= 2;
            List<FlowLayer> steps = new ArrayList<>();
            for (int k = 0; k < config.stepsPerLevel(); k++) {
                String name = PREFIX + "level" + l + ".step" + k;
                steps.add(new ActNorm(params, name + ".actnorm", c));
                // a fixed, seeded channel permutation to start from; the LU factors learn the rest
                int[] perm = new SeededRandom(1000L * l + k).permutation(c);
                steps.add(new InvertibleConv1x1(params, name + ".invconv", c, perm));
                steps.add(new AffineCoupling(params, name + ".coupling", c, config.hidden()));
            }
            levels.add(steps);
            if (l < config.levels() - 1) {
                latentShapes.add(new Shape(c / 2, h, w));
                c -= c / 2;
            } else {
                latentShapes.add(new Shape(c, h, w));
            }
        }
    }

    FlowConfig config() {
        return config;
    }

    Parameters parameters() {
        return params;
    }

    /** Per-sample shapes of the latents, in the order they leave the flow. */
    List<Shape> latentShapes() {
        return latentShapes;
    }

    /** The latents of x (already in logit space) and the flow's log-det per sample. */
    record Encoded(List<NDArray> latents, NDArray logDet) {}

    Encoded encode(NDArray x) {
        NDArray h = x;
        NDArray logDet = null;
        List<NDArray> zs = new ArrayList<>();
        for (int l = 0; l < levels.size(); l++) {
            h = squeeze(h);
            for (FlowLayer layer : levels.get(l)) {
                FlowLayer.Output out = layer.forward(h);
                h = out.y();
                logDet = logDet == null ? out.logDet() : logDet.add(out.logDet());
            }
            if (l < levels.size() - 1) {
                long half = latentShapes.get(l).get(0);
                NDList parts = h.split(new long[] {half}, 1);
                zs.add(parts.get(0));
                h = parts.get(1);
            }
        }
        zs.add(h);
        return new Encoded(zs, logDet);
    }

    /** The inverse of {@link #encode}: latents back to logit space. */
    NDArray decode(List<NDArray> zs) {
        NDArray h = zs.get(zs.size() - 1);
        for (int l = levels.size() - 1; l >= 0; l--) {
            if (l < levels.size() - 1) {
                h = zs.get(l).concat(h, 1);
            }
            List<FlowLayer> steps = levels.get(l);
            for (int k = steps.size() - 1; k >= 0; k--) {
                h = steps.get(k).inverse(h);
            }
            h = unsqueeze(h);
        }
        return h;
    }

    /**
     * −log p(x) in nats per sample for dequantised pixels x in (0, 1): the flow, the standard normal prior
     * and the logit transform's own log-det.
     */
    NDArray nll(NDArray x) {
        NDArray s = Tensors.scale(x, 1 - 2 * ALPHA).add((float) ALPHA);
        NDArray logS = s.log();
        NDArray log1mS = s.neg().add(1f).log();
        NDArray y = logS.sub(log1mS);
        // d logit(s)/dx = (1 − 2α) / (s (1 − s))
        NDArray preLogDet = logS.add(log1mS).neg().add((float) Math.log(1 - 2 * ALPHA)).sum(new int[] {1, 2, 3});
        Encoded e = encode(y);
        NDArray logPrior = null;
        for (NDArray z : e.latents()) {
            NDArray lp = Tensors.scale(z.square(), -0.5).sum(new int[] {1, 2, 3});
            logPrior = logPrior == null ? lp : logPrior.add(lp);
        }
        logPrior = logPrior.sub((float) (0.5 * Math.log(2 * Math.PI) * config.dims()));
        return logPrior.add(e.logDet()).add(preLogDet).neg();
    }

    /** Pixels in [0, 1] from latents: the flow's inverse, then the logit transform's. */
    NDArray pixels(List<NDArray> zs) {
        NDArray y = decode(zs);
        NDArray s = ai.djl.nn.Activation.sigmoid(y);
        return Tensors.scale(s.sub((float) ALPHA), 1 / (1 - 2 * ALPHA)).clip(0f, 1f);
    }

    /** Bits per dimension of 8-bit data from the continuous NLL of dequantised pixels. */
    double bitsPerDim(double nllNats) {
        return (nllNats / config.dims() + Math.log(256)) / Math.log(2);
    }

    /** (B, C, H, W) → (B, 4C, H/2, W/2): each 2×2 block of pixels becomes four channels. */
    static NDArray squeeze(NDArray x) {
        Shape s = x.getShape();
        long b = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long w = s.get(3);
        return x.reshape(b, c, h / 2, 2, w / 2, 2).transpose(0, 1, 3, 5, 2, 4).reshape(b, c * 4, h / 2, w / 2);
    }

    static NDArray unsqueeze(NDArray x) {
        Shape s = x.getShape();
        long b = s.get(0);
        long c = s.get(1) / 4;
        long h = s.get(2);
        long w = s.get(3);
        return x.reshape(b, c, 2, 2, h, w).transpose(0, 1, 4, 2, 5, 3).reshape(b, c, h * 2, w * 2);
    }

    /** Splits B·D latent values (sample after sample) into the per-level latents. */
    List<NDArray> latents(NDManager m, float[] values, int batch) {
        List<NDArray> out = new ArrayList<>();
        int offset = 0;
        int per = config.dims();
        for (Shape shape : latentShapes) {
            int n = Math.toIntExact(shape.size());
            float[] part = new float[batch * n];
            for (int i = 0; i < batch; i++) {
                System.arraycopy(values, i * per + offset, part, i * n, n);
            }
            out.add(m.create(part, new Shape(batch).addAll(shape)));
            offset += n;
        }
        return out;
    }
}
