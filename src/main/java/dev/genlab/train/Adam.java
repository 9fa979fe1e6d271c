package dev.genlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import dev.genlab.core.GenlabException;
import dev.genlab.data.safetensors.DType;
import dev.genlab.data.safetensors.Tensor;
import dev.genlab.nn.NonFinite;
import dev.genlab.nn.Parameters;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma &amp; Ba, 2015) whose moment estimates can be saved and restored, so that a resumed run
 * continues exactly where it stopped (DJL's optimizers keep their state private).
 */
public final class Adam implements AutoCloseable {

    private final String momentPrefix;
    private final String variancePrefix;
    private final String stepName;
    private final Map<String, NDArray> params = new LinkedHashMap<>();
    private final NDManager manager;
    private final float learningRate;
    private final float beta1;
    private final float beta2;
    private final float eps;
    private final Map<String, NDArray> m = new LinkedHashMap<>();
    private final Map<String, NDArray> v = new LinkedHashMap<>();
    private long step;
    private boolean sanitizeGradients;
    private long lastNonFinite;

    /** Create after the network has added all its parameters: the state is sized from them. */
    public Adam(Parameters params, float learningRate, float beta1, float beta2) {
        this(params, "", "optimizer", learningRate, beta1, beta2);
    }

    /**
     * An optimiser of the parameters whose names start with {@code prefix} (a GAN trains its generator and
     * discriminator with one each), saving its state under {@code stateName}.
     */
    public Adam(Parameters params, String prefix, String stateName, float learningRate, float beta1, float beta2) {
        params.all().forEach((name, w) -> {
            if (name.startsWith(prefix)) {
                this.params.put(name, w);
            }
        });
        this.momentPrefix = stateName + ".m.";
        this.variancePrefix = stateName + ".v.";
        this.stepName = stateName + ".step";
        this.manager = params.manager().newSubManager();
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = 1e-8f;
        if (this.params.isEmpty()) {
            throw new IllegalStateException("Adam created before the network's parameters (prefix '" + prefix + "')");
        }
        this.params.forEach((name, w) -> {
            m.put(name, manager.zeros(w.getShape()));
            v.put(name, manager.zeros(w.getShape()));
        });
    }

    /**
     * Makes {@link #step} replace non-finite gradient entries before using them, as StyleGAN2-ADA's training
     * loop does (NaN → 0, ±∞ → ±10⁵): one overflowing batch of a GAN then costs one noisy step instead of
     * writing NaN into every weight. A gradient with no non-finite entry passes unchanged, so runs that never
     * overflow are bit for bit the same (in a tensor that has one, finite entries beyond ±10⁵ are clipped too).
     */
    public Adam sanitizingGradients() {
        sanitizeGradients = true;
        return this;
    }

    /** Non-finite gradient entries the last {@link #step} replaced (always 0 unless sanitising). */
    public long lastNonFiniteGradients() {
        return lastNonFinite;
    }

    public long stepCount() {
        return step;
    }

    /**
     * Applies one update from the parameters' gradients, then clears the gradients.
     *
     * @throws NonFiniteGradient when a gradient holds NaN or ±∞ (unless sanitising): no weight is changed
     */
    public void step() {
        step(learningRate);
    }

    /** As {@link #step()}, at the given learning rate (a schedule's value for this step). */
    public void step(float learningRate) {
        try (NDManager tmp = manager.newSubManager()) {
            Map<String, NDArray> gradients = new LinkedHashMap<>();
            params.forEach((name, w) -> {
                NDArray raw = w.getGradient();
                raw.attach(tmp);
                gradients.put(name, raw);
            });
            if (!sanitizeGradients) {
                NonFinite.first(gradients).ifPresent(name -> {
                    throw new NonFiniteGradient(name);
                });
            }
            step++;
            float c1 = (float) (1 - Math.pow(beta1, step));
            float c2 = (float) (1 - Math.pow(beta2, step));
            float stepSize = (float) (learningRate * Math.sqrt(c2) / c1);
            float epsHat = (float) (eps * Math.sqrt(c2));
            lastNonFinite = 0;
            params.forEach((name, w) -> {
                NDArray raw = gradients.get(name);
                NDArray g = sanitizeGradients ? sanitized(raw, tmp) : raw;
                NDArray mi = m.get(name);
                NDArray vi = v.get(name);
                mi.muli(beta1).addi(g.mul(1 - beta1));
                vi.muli(beta2).addi(g.square().muli(1 - beta2));
                NDArray denom = vi.sqrt();
                denom.attach(tmp);
                NDArray update = mi.div(denom.addi(epsHat));
                update.attach(tmp);
                w.subi(update.muli(stepSize));
                raw.muli(0f);
            });
        }
    }

    private NDArray sanitized(NDArray g, NDManager tmp) {
        NDArray nan = g.isNaN();
        NDArray inf = g.isInfinite();
        nan.attach(tmp);
        inf.attach(tmp);
        long bad = nan.logicalOr(inf).countNonzero().getLong();
        if (bad == 0) {
            return g;
        }
        lastNonFinite += bad;
        NDArray clean = NDArrays.where(nan, tmp.zeros(g.getShape()), g).clip(-1e5f, 1e5f);
        clean.attach(tmp);
        return clean;
    }

    /**
     * Clears the gradients of this optimiser's parameters without updating them: after another player's
     * backward pass has run through them (a GAN's generator loss passes through the discriminator).
     */
    public void zeroGradients() {
        params.values().forEach(w -> w.getGradient().muli(0f));
    }

    /** The name of the first moment estimate holding NaN or ±∞, if any (as saved in a checkpoint). */
    public java.util.Optional<String> firstNonFiniteMoment() {
        return NonFinite.first(m).map(n -> momentPrefix + n).or(() -> NonFinite.first(v).map(n -> variancePrefix + n));
    }

    public List<Tensor> state() {
        List<Tensor> out = new ArrayList<>();
        m.forEach((name, a) -> out.add(Tensor.ofFloats(momentPrefix + name, a.getShape().getShape(), a.toFloatArray(), DType.F32)));
        v.forEach((name, a) -> out.add(Tensor.ofFloats(variancePrefix + name, a.getShape().getShape(), a.toFloatArray(), DType.F32)));
        out.add(Tensor.ofLongs(stepName, new long[] {step}));
        return out;
    }

    public void load(Map<String, Tensor> tensors, Path file) {
        for (String name : m.keySet()) {
            for (var e : Map.of(momentPrefix, m, variancePrefix, v).entrySet()) {
                Tensor t = tensors.get(e.getKey() + name);
                if (t == null) {
                    throw new GenlabException("checkpoint " + file + " lacks optimizer state for " + name
                            + " (it was written by another model; start without --resume)");
                }
                Parameters.replaceValues(e.getValue().get(name), t.toFloats());
            }
        }
        Tensor s = tensors.get(stepName);
        if (s == null) {
            throw new GenlabException("checkpoint " + file + " lacks the optimizer step count (" + stepName + ")");
        }
        step = s.toLongs()[0];
    }

    @Override
    public void close() {
        manager.close();
    }
}
