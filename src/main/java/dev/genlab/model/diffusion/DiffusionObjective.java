package dev.genlab.model.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.genlab.core.SeededRandom;
import dev.genlab.model.Latents;
import dev.genlab.nn.Parameters;
import dev.genlab.sampling.NoiseSchedule;
import dev.genlab.train.Ema;
import dev.genlab.train.TrainingObjective;
import java.util.List;
import java.util.Map;

/**
 * The simple diffusion loss (Ho et al., 2020): noise each image to a random training step, and regress the
 * network's output on the target of the prediction type, mean squared error. A share of the labels is
 * replaced by the null class, so one network learns the conditional and the unconditional model that
 * classifier-free guidance combines. The weight average is updated after each step.
 */
final class DiffusionObjective implements TrainingObjective {

    private final UNet net;
    private final Parameters params;
    private final NoiseSchedule schedule;
    private final double dropClass;
    private final Ema ema;

    DiffusionObjective(UNet net, Parameters params, double dropClass, Ema ema) {
        this.net = net;
        this.params = params;
        this.schedule = net.config().noiseSchedule();
        this.dropClass = dropClass;
        this.ema = ema;
    }

    @Override
    public Parameters parameters() {
        return params;
    }

    @Override
    public Step loss(NDArray images, int[] labels, SeededRandom noise) {
        NDManager m = images.getManager();
        DiffusionConfig c = net.config();
        int b = (int) images.getShape().get(0);
        float[] t = new float[b];
        float[] sa = new float[b];
        float[] sb = new float[b];
        int[] classes = new int[b];
        for (int i = 0; i < b; i++) {
            int step = noise.nextInt(schedule.steps());
            t[i] = step;
            sa[i] = (float) Math.sqrt(schedule.alphaBar(step));
            sb[i] = (float) Math.sqrt(1 - schedule.alphaBar(step));
            boolean drop = !c.conditional() || noise.nextDouble() < dropClass || labels[i] < 0;
            classes[i] = drop ? c.nullClass() : labels[i];
        }
        Shape perImage = new Shape(b, 1, 1, 1);
        NDArray a = m.create(sa, perImage);
        NDArray s = m.create(sb, perImage);
        NDArray x0 = images.mul(2f).sub(1f);
        NDArray eps = m.create(noise.gaussians(Math.toIntExact(images.getShape().size())), images.getShape());
        NDArray xt = x0.mul(a).add(eps.mul(s));
        NDArray oneHot = m.create(Latents.oneHot(classes, c.classInputs()), new Shape(b, c.classInputs()));
        NDArray out = net.forward(xt, m.create(t), oneHot);
        NDArray mse = out.sub(c.prediction().target(x0, eps, a, s)).square().mean();
        return new Step(mse, Map.of("mse", mse));
    }

    @Override
    public Map<String, Double> update(NDArray images, int[] labels, SeededRandom noise,
            List<dev.genlab.train.Adam> optimizers) {
        Map<String, Double> out = TrainingObjective.super.update(images, labels, noise, optimizers);
        ema.update();
        return out;
    }
}
