package dev.genlab.model.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import dev.genlab.nn.Conv2d;
import dev.genlab.nn.Parameters;

/**
 * Affine coupling (Dinh et al., 2017, RealNVP): the first half of the channels passes unchanged and sets a
 * scale and shift for the second half, y_b = x_b·exp(s(x_a)) + t(x_a), so the inverse and the log-det
 * (Σ s) are cheap. s = tanh(raw) keeps the scales bounded; the last convolution starts at zero, so the
 * coupling starts as the identity.
 */
final class AffineCoupling implements FlowLayer {

    private final Conv2d in;
    private final Conv2d mid;
    private final Conv2d out;

    AffineCoupling(Parameters p, String name, int channels, int hidden) {
        int half = channels / 2;
        in = Conv2d.same(p, name + ".in", half, hidden, 3);
        mid = Conv2d.same(p, name + ".mid", hidden, hidden, 1);
        out = new Conv2d(p, name + ".out", hidden, 2 * (channels - half), 3, 1, 1, 0.0);
    }

    private NDList scaleShift(NDArray xa) {
        NDArray h = Activation.relu(mid.forward(Activation.relu(in.forward(xa))));
        NDList st = out.forward(h).split(2, 1);
        return new NDList(st.get(0).tanh(), st.get(1));
    }

    @Override
    public Output forward(NDArray x) {
        NDList ab = x.split(2, 1);
        NDList st = scaleShift(ab.get(0));
        NDArray yb = ab.get(1).mul(st.get(0).exp()).add(st.get(1));
        return new Output(ab.get(0).concat(yb, 1), st.get(0).sum(new int[] {1, 2, 3}));
    }

    @Override
    public NDArray inverse(NDArray y) {
        NDList ab = y.split(2, 1);
        NDList st = scaleShift(ab.get(0));
        NDArray xb = ab.get(1).sub(st.get(1)).mul(st.get(0).neg().exp());
        return ab.get(0).concat(xb, 1);
    }
}
