package dev.genlab.model.stylegan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.genlab.core.SeededRandom;
import dev.genlab.nn.AdversarialLoss;
import dev.genlab.nn.GradientRecording;
import dev.genlab.nn.Parameters;
import dev.genlab.nn.Tensors;
import dev.genlab.train.Adam;
import dev.genlab.train.Ema;
import dev.genlab.train.TrainingObjective;
import dev.genlab.train.augment.AdaController;
import dev.genlab.train.augment.Augmentation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * StyleGAN2's training step: the non-saturating logistic loss for both players; every {@code r1Interval}
 * steps a lazy R1 penalty γ/2·E‖∇D(x)‖² on real images, scaled by the interval (Karras et al., 2020,
 * §4 and appendix B), computed by differentiating twice; then the generator's weight average and the
 * running mean of w. Reals are padded into the canvas and scaled to [−1, 1]; with ADA, reals and fakes
 * are augmented alike.
 */
final class StyleGanObjective implements TrainingObjective {

    private final StyleGanConfig config;
    private final Parameters params;
    private final StyleGenerator generator;
    private final StyleDiscriminator discriminator;
    private final Ema ema;
    private final AdaController ada;
    private final double r1Gamma;
    private final int r1Interval;
    /** Steps taken, kept as a parameter so a resumed run applies R1 on the same steps. */
    private final NDArray steps;

    StyleGanObjective(StyleGanConfig config, Parameters params, StyleGenerator generator,
            StyleDiscriminator discriminator, Ema ema, AdaController ada, double r1Gamma, int r1Interval) {
        this.config = config;
        this.params = params;
        this.generator = generator;
        this.discriminator = discriminator;
        this.ema = ema;
        this.ada = ada;
        this.r1Gamma = r1Gamma;
        this.r1Interval = r1Interval;
        this.steps = params.constant("r1.steps", new Shape(1), 0f);
    }

    static List<Adam> optimizers(Parameters p, float gLr, float dLr) {
        // StyleGAN2: β1 = 0, β2 = 0.99
        return List.of(new Adam(p, StyleGenerator.PREFIX, "optimizer_g", gLr, 0f, 0.99f).sanitizingGradients(),
                new Adam(p, StyleDiscriminator.PREFIX, "optimizer_d", dLr, 0f, 0.99f).sanitizingGradients());
    }

    @Override
    public Parameters parameters() {
        return params;
    }

    @Override
    public Step loss(NDArray images, int[] labels, SeededRandom noise) {
        throw new UnsupportedOperationException("a GAN has two losses; see update()");
    }

    /** Data images (B, C, H, W) in [0, 1] → the canvas in [−1, 1], centred, zero (= −1 after scaling) around. */
    NDArray toCanvas(NDArray images) {
        return Tensors.padCentred(Tensors.scale(images, 2).sub(1f), config.canvas(), -1);
    }

    private NDArray seen(NDArray x, SeededRandom rnd) {
        return ada == null ? x : Augmentation.apply(x, ada.p(), -1f, rnd);
    }

    /** The discriminator's pass of a step: generated and real images through the discriminator. */
    @Override
    public void probe(NDArray images, int[] labels, SeededRandom noise) {
        NDManager m = images.getManager();
        int b = (int) images.getShape().get(0);
        NDArray oneHot = config.conditional() ? Tensors.oneHot(m, labels, config.classes().size()) : null;
        NDArray w = generator.w(m.create(noise.gaussians(b * config.zDim()), new Shape(b, config.zDim())), oneHot);
        NDArray fake = generator.images(generator.broadcast(w), SynthesisNetwork.NoiseMode.RANDOM, noise(m, b, noise));
        discriminator.forward(seen(toCanvas(images), noise), oneHot);
        discriminator.forward(seen(fake, noise), oneHot);
    }

    @Override
    public Map<String, Double> update(NDArray images, int[] labels, SeededRandom noise, List<Adam> optimizers) {
        Adam gOpt = optimizers.get(0);
        Adam dOpt = optimizers.get(1);
        NDManager m = images.getManager();
        int b = (int) images.getShape().get(0);
        NDArray oneHot = config.conditional() ? Tensors.oneHot(m, labels, config.classes().size()) : null;
        NDArray reals = toCanvas(images);
        Map<String, Double> out = new LinkedHashMap<>();
        NDArray w;
        NDArray fake;
        float[] realLogits;
        try (GradientRecording gc = GradientRecording.start()) {
            w = generator.w(m.create(noise.gaussians(b * config.zDim()), new Shape(b, config.zDim())), oneHot);
            fake = generator.images(generator.broadcast(w), SynthesisNetwork.NoiseMode.RANDOM, noise(m, b, noise));
            NDArray real = discriminator.forward(seen(reals, noise), oneHot);
            NDArray faked = discriminator.forward(seen(fake.stopGradient(), noise), oneHot);
            gc.backward(AdversarialLoss.discriminator(real, faked, out));
            realLogits = real.toFloatArray();
        }
        if (ada != null) {
            out.put("ada_p", ada.p());
            ada.observe(realLogits);
        }
        dOpt.step();
        long nonFinite = dOpt.lastNonFiniteGradients();
        steps.addi(1f);
        if (r1Gamma > 0 && Math.round(steps.getFloat()) % r1Interval == 0) {
            out.put("r1", r1(reals, oneHot, noise));
            dOpt.step();
            nonFinite += dOpt.lastNonFiniteGradients();
        }
        try (GradientRecording gc = GradientRecording.start()) {
            gc.backward(AdversarialLoss.generator(discriminator.forward(seen(fake, noise), oneHot), out));
        }
        gOpt.step();
        nonFinite += gOpt.lastNonFiniteGradients();
        // replaced gradient entries (see Adam.sanitizingGradients): 0 in a healthy run, logged so a user sees
        // when a run is near overflow
        out.put("bad_grads", (double) nonFinite);
        dOpt.zeroGradients();
        generator.trackAverage(w, 0.995f);
        ema.update();
        return AdversarialLoss.ordered(out);
    }

    /**
     * Leaves in the discriminator's gradients the R1 penalty's (γ/2·interval)·E‖∇ₓD(x)‖² on real images (lazy
     * regularisation: every interval steps, scaled up by the interval) and returns γ/2·E‖∇ₓD(x)‖².
     */
    private double r1(NDArray reals, NDArray oneHot, SeededRandom noise) {
        double meanSquare = R1Penalty.accumulate(p -> {
            StyleDiscriminator d = new StyleDiscriminator(config, p);
            return x -> d.forward(seen(x, noise), oneHot);
        }, params, StyleDiscriminator.PREFIX, reals, r1Gamma / 2 * r1Interval);
        return r1Gamma / 2 * meanSquare;
    }

    private List<NDArray> noise(NDManager m, int b, SeededRandom rnd) {
        return generator.synthesis().noiseMaps(m, b, (layer, r) -> rnd.gaussians(b * r * r));
    }
}
