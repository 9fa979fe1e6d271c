package dev.genlab.model.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.genlab.core.SeededRandom;
import dev.genlab.nn.Losses;
import dev.genlab.nn.Parameters;
import dev.genlab.nn.Tensors;
import dev.genlab.train.TrainingObjective;
import java.util.Map;

/**
 * The negative ELBO per image: Bernoulli reconstruction NLL + β·KL(q(z|x) ‖ N(0, I)), with z drawn by the
 * reparameterisation z = μ + σ·ε so gradients flow through the sample.
 */
final class VaeObjective implements TrainingObjective {

    private final VaeNetwork net;

    VaeObjective(VaeNetwork net) {
        this.net = net;
    }

    @Override
    public Parameters parameters() {
        return net.parameters();
    }

    /** Per-image reconstruction NLL and KL for a batch, with ε from {@code noise}. */
    record Terms(NDArray recon, NDArray kl) {} // each (B)

    Terms terms(NDArray images, int[] labels, SeededRandom noise) {
        NDManager m = images.getManager();
        int b = (int) images.getShape().get(0);
        NDArray oneHot = net.oneHot(m, labels);
        VaeNetwork.Posterior q = net.encode(images, oneHot);
        NDArray eps = m.create(noise.gaussians(b * net.config().latentDim()), new Shape(b, net.config().latentDim()));
        NDArray z = q.mean().add(Tensors.scale(q.logVar(), 0.5).exp().mul(eps));
        NDArray logits = net.decodeLogits(z, oneHot);
        return new Terms(Losses.bernoulliNll(logits, images), Losses.gaussianKl(q.mean(), q.logVar()));
    }

    @Override
    public Step loss(NDArray images, int[] labels, SeededRandom noise) {
        Terms t = terms(images, labels, noise);
        NDArray recon = t.recon().mean();
        NDArray kl = t.kl().mean();
        NDArray total = recon.add(Tensors.scale(kl, net.config().beta()));
        return new Step(total, Map.of("recon", recon, "kl", kl));
    }
}
