package dev.genlab.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.genlab.nn.GradientRecording;
import dev.genlab.nn.Parameters;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class AdamTest {

    private static float lossStep(Parameters p, Adam adam, NDArray target) {
        NDArray w = p.all().get("w");
        float value;
        try (GradientRecording gc = GradientRecording.start()) {
            NDArray loss = w.sub(target).square().sum();
            gc.backward(loss);
            value = loss.getFloat();
        }
        adam.step();
        return value;
    }

    @Test
    void firstStepMovesEachWeightByTheLearningRateAgainstItsGradient() {
        try (NDManager m = NDManager.newBaseManager(); Parameters p = new Parameters(m, 0)) {
            p.constant("w", new Shape(3), 1f);
            p.setTraining(true);
            Adam adam = new Adam(p, 0.1f, 0.9f, 0.999f);
            lossStep(p, adam, m.create(new float[] {0, 2, 1}));
            // Adam's first step is lr * sign(gradient) (m̂/√v̂ = g/|g|); zero gradient stays put.
            assertThat(p.all().get("w").toFloatArray()).containsExactly(new float[] {0.9f, 1.1f, 1f}, Offset.offset(1e-5f));
        }
    }

    @Test
    void lossFallsAndStateRoundTrips() {
        try (NDManager m = NDManager.newBaseManager(); Parameters p = new Parameters(m, 0)) {
            p.uniform("w", new Shape(5), 1);
            p.setTraining(true);
            NDArray target = m.create(new float[] {3, -1, 0.5f, 2, -2});
            Adam adam = new Adam(p, 0.05f, 0.9f, 0.999f);
            float first = lossStep(p, adam, target);
            float last = first;
            for (int i = 0; i < 200; i++) {
                last = lossStep(p, adam, target);
            }
            assertThat(last).isLessThan(first / 10);
            try (Parameters q = new Parameters(m, 1)) {
                q.uniform("w", new Shape(5), 1);
                Adam restored = new Adam(q, 0.05f, 0.9f, 0.999f);
                var tensors = new java.util.LinkedHashMap<String, dev.genlab.data.safetensors.Tensor>();
                adam.state().forEach(t -> tensors.put(t.name(), t));
                restored.load(tensors, java.nio.file.Path.of("mem"));
                assertThat(restored.stepCount()).isEqualTo(201);
                assertThat(restored.state().get(0).data()).isEqualTo(adam.state().get(0).data());
            }
        }
    }

    private static void linearStep(Parameters p, Adam adam, NDArray slope) {
        try (GradientRecording gc = GradientRecording.start()) {
            gc.backward(p.all().get("w").mul(slope).sum()); // the gradient is the slope
        }
        adam.step();
    }

    @Test
    void sanitisingLeavesFiniteGradientsAloneAndKeepsWeightsFiniteWhenOneOverflows() {
        try (NDManager m = NDManager.newBaseManager(); Parameters plain = new Parameters(m, 0);
                Parameters guarded = new Parameters(m, 0)) {
            for (Parameters p : new Parameters[] {plain, guarded}) {
                p.uniform("w", new Shape(4), 1);
                p.setTraining(true);
            }
            Adam a = new Adam(plain, 0.1f, 0.9f, 0.999f);
            Adam b = new Adam(guarded, 0.1f, 0.9f, 0.999f).sanitizingGradients();
            NDArray finite = m.create(new float[] {1, -2, 0.5f, 3});
            linearStep(plain, a, finite);
            linearStep(guarded, b, finite);
            assertThat(guarded.all().get("w").toFloatArray()).containsExactly(plain.all().get("w").toFloatArray());
            assertThat(b.lastNonFiniteGradients()).isZero();

            float[] afterFirst = guarded.all().get("w").toFloatArray();
            NDArray overflow = m.create(new float[] {Float.NaN, Float.POSITIVE_INFINITY, 1, Float.NEGATIVE_INFINITY});
            float[] plainBefore = plain.all().get("w").toFloatArray();
            assertThatThrownBy(() -> linearStep(plain, a, overflow)).isInstanceOf(NonFiniteGradient.class)
                    .hasMessageContaining("gradient of w");
            assertThat(plain.all().get("w").toFloatArray()).as("a refused step changes no weight")
                    .containsExactly(plainBefore);
            assertThat(a.stepCount()).isEqualTo(1);
            linearStep(guarded, b, overflow);
            float[] w = guarded.all().get("w").toFloatArray();
            for (float v : w) {
                assertThat(Float.isFinite(v)).as("guarded weight %s", v).isTrue();
            }
            assertThat(b.lastNonFiniteGradients()).isEqualTo(3);
            // +inf is clamped to a large positive gradient, so that weight moves down; -inf moves up
            assertThat(w[1]).isLessThan(afterFirst[1]);
            assertThat(w[3]).isGreaterThan(afterFirst[3]);
        }
    }
}
