package dev.genlab.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.genlab.nn.Parameters;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class AdamTest {

    private static float lossStep(Parameters p, Adam adam, NDArray target) {
        NDArray w = p.all().get("w");
        float value;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
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
}
