package dev.genlab.model.latent;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.genlab.core.SeededRandom;
import dev.genlab.nn.Parameters;
import dev.genlab.sampling.NoiseSchedule;
import dev.genlab.text.CaptionBank;
import dev.genlab.train.Adam;
import dev.genlab.train.Ema;
import dev.genlab.train.TrainingObjective;
import java.util.List;
import java.util.Map;

/**
 * The latent diffusion loss: each image is encoded by the frozen autoencoder, given one of its class's
 * captions (or, a share of the time, the empty prompt, so one network learns the conditional and the
 * unconditional model that classifier-free guidance combines), noised to a random training step, and the
 * UNet's output regressed on the prediction target. The weight average is updated after each step.
 */
final class LdmObjective implements TrainingObjective {

    private final LdmUNet net;
    private final Parameters params;
    private final KlAutoencoder autoencoder;
    private final CaptionBank captions;
    private final NoiseSchedule schedule;
    private final Ema ema;

    LdmObjective(LdmUNet net, Parameters params, KlAutoencoder autoencoder, CaptionBank captions, Ema ema) {
        this.net = net;
        this.params = params;
        this.autoencoder = autoencoder;
        this.captions = captions;
        this.schedule = net.config().noiseSchedule();
        this.ema = ema;
    }

    @Override
    public Parameters parameters() {
        return params;
    }

    @Override
    public Step loss(NDArray images, int[] labels, SeededRandom noise) {
        NDManager m = images.getManager();
        LdmConfig c = net.config();
        int b = labels.length;
        int perContext = c.contextTokens() * c.contextDim();
        float[] context = new float[b * perContext];
        float[] t = new float[b];
        float[] sa = new float[b];
        float[] sb = new float[b];
        for (int i = 0; i < b; i++) {
            boolean drop = labels[i] < 0 || noise.nextDouble() < c.dropPrompt();
            float[] ctx = drop ? captions.empty() : captions.context(labels[i], noise.nextInt(captions.size(labels[i])));
            System.arraycopy(ctx, 0, context, i * perContext, perContext);
            int step = noise.nextInt(schedule.steps());
            t[i] = step;
            sa[i] = (float) Math.sqrt(schedule.alphaBar(step));
            sb[i] = (float) Math.sqrt(1 - schedule.alphaBar(step));
        }
        NDArray z0 = autoencoder.encodeScaled(images); // frozen: its weights record no gradient
        Shape perImage = new Shape(b, 1, 1, 1);
        NDArray a = m.create(sa, perImage);
        NDArray s = m.create(sb, perImage);
        NDArray eps = m.create(noise.gaussians(Math.toIntExact(z0.getShape().size())), z0.getShape());
        NDArray zt = z0.mul(a).add(eps.mul(s));
        NDArray ctx = m.create(context, new Shape(b, c.contextTokens(), c.contextDim()));
        NDArray out = net.forward(zt, m.create(t), ctx);
        NDArray mse = out.sub(c.prediction().target(z0, eps, a, s)).square().mean();
        return new Step(mse, Map.of("mse", mse));
    }

    @Override
    public Map<String, Double> update(NDArray images, int[] labels, SeededRandom noise, List<Adam> optimizers) {
        Map<String, Double> out = TrainingObjective.super.update(images, labels, noise, optimizers);
        ema.update();
        return out;
    }
}
