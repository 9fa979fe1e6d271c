package dev.genlab.train;

import ai.djl.ndarray.NDArray;
import dev.genlab.core.SeededRandom;
import dev.genlab.nn.GradientRecording;
import dev.genlab.nn.Parameters;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a family trains: its parameters and the loss of a batch. */
public interface TrainingObjective {

    Parameters parameters();

    /**
     * The loss of one batch, computed with gradients recorded.
     *
     * @param images (B, C, H, W) in [0, 1]
     * @param labels class of each image (-1 if unknown)
     * @param noise  this step's random stream (derived from seed and step, so a resumed run draws the same)
     */
    Step loss(NDArray images, int[] labels, SeededRandom noise);

    /**
     * One optimisation step on a batch: by default the gradient of {@link #loss} and a step of every
     * optimiser. Families with several players (a GAN's discriminator and generator) override it.
     *
     * @return the named scalars to report, "loss" first
     */
    default Map<String, Double> update(NDArray images, int[] labels, SeededRandom noise, List<Adam> optimizers) {
        Map<String, Double> out = new LinkedHashMap<>();
        try (GradientRecording gc = GradientRecording.start()) {
            Step result = loss(images, labels, noise);
            gc.backward(result.total());
            out.put("loss", (double) result.total().getFloat());
            result.parts().forEach((k, v) -> out.put(k, (double) v.getFloat()));
        }
        if (Double.isFinite(out.get("loss"))) {
            optimizers.forEach(Adam::step);
        }
        return out;
    }

    /**
     * The forward pass of a training step, with nothing learned or counted: what {@link TrainingMemory} measures
     * to tell what a batch costs before the first step. By default the loss; families with several players run
     * each network as their step does.
     */
    default void probe(NDArray images, int[] labels, SeededRandom noise) {
        loss(images, labels, noise);
    }

    /**
     * Changes a batch before it becomes a tensor (data augmentation); the default leaves it as it is.
     *
     * @param pixels (B, C, H, W) values, changed in place
     */
    default void augment(float[] pixels, int batch, int channels, int height, int width, SeededRandom noise) {}

    /**
     * @param total the scalar to minimise
     * @param parts named scalars to report (e.g. reconstruction and KL), per image
     */
    record Step(NDArray total, Map<String, NDArray> parts) {}
}
