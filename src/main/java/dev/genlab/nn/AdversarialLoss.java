package dev.genlab.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The non-saturating logistic GAN loss (Goodfellow et al., 2014) that DCGAN and StyleGAN2 share, and the
 * figures both report.
 */
public final class AdversarialLoss {

    private AdversarialLoss() {}

    /** softplus(D(fake)) + softplus(−D(real)), batch means; records loss_d, d_real and d_fake in {@code out}. */
    public static NDArray discriminator(NDArray real, NDArray faked, Map<String, Double> out) {
        NDArray loss = Activation.softPlus(faked).mean().add(Activation.softPlus(real.neg()).mean());
        out.put("loss_d", (double) loss.getFloat());
        out.put("d_real", (double) Activation.sigmoid(real).mean().getFloat());
        out.put("d_fake", (double) Activation.sigmoid(faked).mean().getFloat());
        return loss;
    }

    /** softplus(−D(fake)), the batch mean; records loss_g in {@code out}. */
    public static NDArray generator(NDArray faked, Map<String, Double> out) {
        NDArray loss = Activation.softPlus(faked.neg()).mean();
        out.put("loss_g", (double) loss.getFloat());
        return loss;
    }

    /** The figures of a step with "loss" (both players' sum) first, as the training loop reports them. */
    public static Map<String, Double> ordered(Map<String, Double> out) {
        Map<String, Double> ordered = new LinkedHashMap<>();
        ordered.put("loss", out.get("loss_d") + out.get("loss_g"));
        ordered.putAll(out);
        return ordered;
    }
}
