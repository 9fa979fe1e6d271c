package dev.genlab.model.stylegan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.genlab.core.SeededRandom;
import dev.genlab.modelstore.ImageShape;
import dev.genlab.nn.GradientRecording;
import dev.genlab.nn.Parameters;
import dev.genlab.nn.Tensors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The R1 penalty against the plain double backpropagation it replaces, on a small discriminator. */
class R1PenaltyTest {

    private static final double WEIGHT = 0.8;
    private static final StyleGanConfig CONFIG =
            new StyleGanConfig(new ImageShape(1, 8, 8), List.of("a", "b"), 8, 8, 1, 8);

    @Test
    void equalsPlainDoubleBackpropagationAndLeavesNoGraphInTheWeights() {
        try (NDManager manager = NDManager.newBaseManager(); Parameters params = new Parameters(manager, 3)) {
            StyleDiscriminator d = new StyleDiscriminator(CONFIG, params);
            params.setTraining(true);
            int b = 6;
            NDArray x = manager.create(new SeededRandom(5).gaussians(b * 64), new Shape(b, 1, 8, 8)).clip(-1, 1);
            NDArray oneHot = Tensors.oneHot(manager, new int[] {0, 1, 1, 0, 1, 0}, 2);

            double value = R1Penalty.accumulate(p -> {
                StyleDiscriminator onView = new StyleDiscriminator(CONFIG, p);
                return im -> onView.forward(im, oneHot);
            }, params, StyleDiscriminator.PREFIX, x, WEIGHT);
            Map<String, float[]> grads = gradients(params);
            params.all().values().forEach(w -> assertThat(carriesGraph(w.getGradient())).as(w.getName()).isFalse());
            clear(params);

            double plainValue = plain(d, params, x, oneHot);
            Map<String, float[]> plain = gradients(params);
            assertThat(value).isCloseTo(plainValue, within(1e-6 * plainValue));
            assertThat(grads.keySet()).isEqualTo(plain.keySet());
            double norm = 0;
            for (var e : plain.entrySet()) {
                assertThat(grads.get(e.getKey())).as(e.getKey()).containsExactly(e.getValue(), within(1e-6f));
                for (float v : e.getValue()) {
                    norm += v * v;
                }
            }
            assertThat(norm).isPositive();
            // the plain way leaves graphs behind: the reason for the other one
            assertThat(carriesGraph(params.all().get("d.from_rgb.weight").getGradient())).isTrue();
        }
    }

    @Test
    void aZeroWeightMeasuresWithoutTouchingTheGradients() {
        try (NDManager manager = NDManager.newBaseManager(); Parameters params = new Parameters(manager, 3)) {
            StyleGanConfig c = new StyleGanConfig(new ImageShape(1, 8, 8), List.of(), 8, 8, 1, 8);
            new StyleDiscriminator(c, params);
            params.setTraining(true);
            NDArray x = manager.create(new SeededRandom(6).gaussians(4 * 64), new Shape(4, 1, 8, 8));
            double value = R1Penalty.accumulate(p -> {
                StyleDiscriminator onView = new StyleDiscriminator(c, p);
                return im -> onView.forward(im, null);
            }, params, StyleDiscriminator.PREFIX, x, 0);
            assertThat(value).isPositive();
            params.all().values().forEach(w -> assertThat(w.hasGradient() ? w.getGradient().toFloatArray()
                    : new float[] {0}).containsOnly(0f));
        }
    }

    /** Backward with create_graph, then the penalty's own backward: what R1Penalty replaces. */
    private static double plain(StyleDiscriminator d, Parameters params, NDArray x, NDArray oneHot) {
        NDArray at = x.duplicate();
        at.setRequiresGradient(true);
        try (GradientRecording gc = GradientRecording.start()) {
            NDArray s = d.forward(at, oneHot).sum();
            JniUtils.backward((PtNDArray) s, (PtNDArray) s.onesLike(), true, true);
            NDArray meanSquare = at.getGradient().square().sum(new int[] {1, 2, 3}).mean();
            clear(params);
            gc.backward(Tensors.scale(meanSquare, WEIGHT));
            return meanSquare.getFloat();
        }
    }

    /**
     * Whether a gradient holds an autograd graph: a backward pass from one without fails for that reason
     * (one with a graph runs, or fails because the graph's buffers were already freed).
     */
    private static boolean carriesGraph(NDArray gradient) {
        try (GradientRecording gc = GradientRecording.start()) {
            gc.backward(gradient.sum());
            return true;
        } catch (ai.djl.engine.EngineException e) {
            return !e.getMessage().contains("does not require grad");
        }
    }

    private static void clear(Parameters params) {
        params.all().values().forEach(a -> {
            if (a.hasGradient()) {
                JniUtils.zeroGrad((PtNDArray) a);
            }
        });
    }

    private static Map<String, float[]> gradients(Parameters params) {
        Map<String, float[]> out = new LinkedHashMap<>();
        params.all().forEach((name, a) -> out.put(name, a.getGradient().toFloatArray()));
        return out;
    }
}
