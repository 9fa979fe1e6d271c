package dev.genlab.model.latent;

import ai.djl.ndarray.NDArray;
import dev.genlab.core.SeededRandom;
import dev.genlab.nn.Parameters;
import dev.genlab.nn.Tensors;
import dev.genlab.train.TrainingObjective;
import java.util.Map;

/**
 * The autoencoder's loss: squared error summed over the canvas plus a small weight times the KL of the
 * posterior to N(0, I), per image. The decoder sees a draw from the posterior (reparameterised), so the
 * latent space is smooth enough for diffusion to move through.
 */
final class AutoencoderObjective implements TrainingObjective {

    private final KlAutoencoder net;
    private final Parameters params;

    AutoencoderObjective(KlAutoencoder net, Parameters params) {
        this.net = net;
        this.params = params;
    }

    @Override
    public Parameters parameters() {
        return params;
    }

    @Override
    public Step loss(NDArray images, int[] labels, SeededRandom noise) {
        NDArray x = net.toCanvas(images); // (B, C, S, S) in [−1, 1]
        KlAutoencoder.Posterior q = net.encode(x);
        NDArray eps = images.getManager().create(noise.gaussians(Math.toIntExact(q.mean().getShape().size())),
                q.mean().getShape());
        NDArray rec = net.decode(q.sample(eps));
        long b = x.getShape().get(0);
        NDArray sse = rec.sub(x).square().reshape(b, -1).sum(new int[] {1}).mean();
        NDArray kl = q.kl().mean();
        NDArray total = sse.add(Tensors.scale(kl, net.config().klWeight()));
        return new Step(total, Map.of("sse", sse, "kl", kl));
    }
}
