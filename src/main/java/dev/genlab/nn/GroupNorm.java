package dev.genlab.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Group normalisation (Wu &amp; He, 2018): statistics over groups of channels of one sample, so results do
 * not depend on the batch (DJL has no such block). Parameters {@code name.weight} and {@code name.bias},
 * as PyTorch's {@code nn.GroupNorm} names them.
 */
public final class GroupNorm implements Layer {

    private final float eps;
    private final int groups;
    private final int channels;
    private final NDArray weight;
    private final NDArray bias;

    public GroupNorm(Parameters p, String name, int groups, int channels) {
        this(p, name, groups, channels, 1e-5f);
    }

    /** With PyTorch's default ε (1e-5) or another: Stable Diffusion's VAE uses 1e-6. */
    public GroupNorm(Parameters p, String name, int groups, int channels, float eps) {
        this.eps = eps;
        if (channels % groups != 0) {
            throw new IllegalArgumentException(channels + " channels cannot be split into " + groups + " groups");
        }
        this.groups = groups;
        this.channels = channels;
        this.weight = p.constant(name + ".weight", new Shape(channels), 1f);
        this.bias = p.constant(name + ".bias", new Shape(channels), 0f);
    }

    /** The usual choice: 32 groups, or fewer for narrow layers. */
    public static GroupNorm of(Parameters p, String name, int channels) {
        int g = Math.min(32, channels);
        while (channels % g != 0) {
            g--;
        }
        return new GroupNorm(p, name, g, channels);
    }

    @Override
    public NDArray forward(NDArray x) { // (B, C, H, W) -> same
        Shape shape = x.getShape();
        NDArray grouped = x.reshape(shape.get(0), groups, -1);
        NDArray mean = grouped.mean(new int[] {2}, true);
        NDArray centered = grouped.sub(mean);
        NDArray var = centered.square().mean(new int[] {2}, true);
        NDArray normed = centered.div(var.add(eps).sqrt()).reshape(shape);
        // Reshapes of the parameters would belong to the parameters' manager: move them to the
        // input's, so they are freed with the step's intermediates instead of piling up.
        NDArray w = Tensors.local(weight.reshape(1, channels, 1, 1), x);
        NDArray b = Tensors.local(bias.reshape(1, channels, 1, 1), x);
        return normed.mul(w).add(b);
    }
}
