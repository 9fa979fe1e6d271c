package dev.genlab.model.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.genlab.nn.Parameters;
import dev.genlab.nn.Tensors;

/**
 * Activation normalisation (Kingma &amp; Dhariwal, 2018, Glow): y = (x + b)·exp(s) per channel. Starts as
 * the identity (Glow initialises it from the first batch; the zero-initialised couplings here keep the
 * start stable without that). log-det = H·W·Σ s.
 */
final class ActNorm implements FlowLayer {

    private final NDArray bias;
    private final NDArray logScale;
    private final int channels;

    ActNorm(Parameters p, String name, int channels) {
        this.channels = channels;
        bias = p.constant(name + ".bias", new Shape(channels), 0f);
        logScale = p.constant(name + ".log_scale", new Shape(channels), 0f);
    }

    @Override
    public Output forward(NDArray x) {
        NDArray b = Tensors.local(bias.reshape(1, channels, 1, 1), x);
        NDArray s = Tensors.local(logScale.reshape(1, channels, 1, 1), x);
        long pixels = x.getShape().get(2) * x.getShape().get(3);
        NDArray logDet = Tensors.scale(Tensors.local(logScale.sum(), x), pixels);
        long batch = x.getShape().get(0);
        return new Output(x.add(b).mul(s.exp()), logDet.broadcast(new Shape(batch)));
    }

    @Override
    public NDArray inverse(NDArray y) {
        NDArray b = Tensors.local(bias.reshape(1, channels, 1, 1), y);
        NDArray s = Tensors.local(logScale.reshape(1, channels, 1, 1), y);
        return y.mul(s.neg().exp()).sub(b);
    }
}
