package dev.genlab.model.gan;

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
 * The GAN game with the non-saturating logistic loss (Goodfellow et al., 2014): the discriminator
 * minimises softplus(D(G(z))) + softplus(−D(x)), then the generator minimises softplus(−D(G(z))) on the
 * same fakes. Each step updates the discriminator, then the generator, then the generator's average.
 * Fakes are drawn for the real batch's classes, so the class balance matches the data's.
 */
final class GanObjective implements TrainingObjective {

    private final GanConfig config;
    private final Parameters params;
    private final DcganGenerator generator;
    private final DcganDiscriminator discriminator;
    private final Ema ema;
    private final AdaController ada;

    /** @param ada adaptive augmentation of what the discriminator sees, or null for none */
    GanObjective(GanConfig config, Parameters params, DcganGenerator generator, DcganDiscriminator discriminator,
            Ema ema, AdaController ada) {
        this.config = config;
        this.params = params;
        this.generator = generator;
        this.discriminator = discriminator;
        this.ema = ema;
        this.ada = ada;
    }

    /** What the discriminator sees: the images, augmented with ADA's current p (the same for reals and fakes). */
    private NDArray seen(NDArray x, SeededRandom rnd) {
        return ada == null ? x : Augmentation.apply(x, ada.p(), 0f, rnd);
    }

    /** The two optimisers, in the order {@link #update} expects them: generator, discriminator. */
    static List<Adam> optimizers(Parameters p, float lr) {
        // β1 = 0.5 as in DCGAN: with 0.9 the momentum lags the moving target of the other player.
        return List.of(new Adam(p, DcganGenerator.PREFIX, "optimizer_g", lr, 0.5f, 0.999f),
                new Adam(p, DcganDiscriminator.PREFIX, "optimizer_d", lr, 0.5f, 0.999f));
    }

    @Override
    public Parameters parameters() {
        return params;
    }

    @Override
    public Step loss(NDArray images, int[] labels, SeededRandom noise) {
        throw new UnsupportedOperationException("a GAN has two losses; see update()");
    }

    /** The discriminator's pass of a step: the generator's images and the real ones through the discriminator. */
    @Override
    public void probe(NDArray images, int[] labels, SeededRandom noise) {
        NDManager m = images.getManager();
        int b = (int) images.getShape().get(0);
        NDArray z = m.create(noise.gaussians(b * config.latentDim()), new Shape(b, config.latentDim()));
        NDArray oneHot = config.conditional() ? Tensors.oneHot(m, labels, config.numClasses()) : null;
        discriminator.forward(seen(images, noise), oneHot);
        discriminator.forward(seen(generator.forward(z, oneHot), noise), oneHot);
    }

    @Override
    public Map<String, Double> update(NDArray images, int[] labels, SeededRandom noise, List<Adam> optimizers) {
        Adam gOpt = optimizers.get(0);
        Adam dOpt = optimizers.get(1);
        NDManager m = images.getManager();
        int b = (int) images.getShape().get(0);
        NDArray z = m.create(noise.gaussians(b * config.latentDim()), new Shape(b, config.latentDim()));
        NDArray oneHot = config.conditional() ? Tensors.oneHot(m, labels, config.numClasses()) : null;
        Map<String, Double> out = new LinkedHashMap<>();
        NDArray fake;
        float[] realLogits;
        try (GradientRecording gc = GradientRecording.start()) {
            fake = generator.forward(z, oneHot);
            NDArray real = discriminator.forward(seen(images, noise), oneHot);
            NDArray faked = discriminator.forward(seen(fake.stopGradient(), noise), oneHot);
            gc.backward(AdversarialLoss.discriminator(real, faked, out));
            realLogits = real.toFloatArray();
        }
        if (ada != null) { // outside the collector: its state is a parameter, changed in place
            out.put("ada_p", ada.p());
            ada.observe(realLogits);
        }
        dOpt.step();
        try (GradientRecording gc = GradientRecording.start()) {
            gc.backward(AdversarialLoss.generator(discriminator.forward(seen(fake, noise), oneHot), out));
        }
        gOpt.step();
        dOpt.zeroGradients(); // the generator's loss ran back through the discriminator
        ema.update();
        return AdversarialLoss.ordered(out);
    }
}
