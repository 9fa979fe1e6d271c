package dev.genlab.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.genlab.core.GenlabException;
import dev.genlab.nn.Parameters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A diverged run never overwrites the last good checkpoint with non-finite weights. */
class CheckpointTest {

    @Test
    void nonFiniteWeightsAreNotWrittenAndTheLastGoodCheckpointStays(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(Checkpoint.FILE_NAME);
        try (NDManager m = NDManager.newBaseManager(); Parameters p = new Parameters(m, 0)) {
            p.uniform("layer.weight", new Shape(4, 4), 0.5);
            Adam adam = new Adam(p, 1e-3f, 0.9f, 0.999f);
            Checkpoint.save(file, p, List.of(adam), TrainingState.start(), Map.of());
            byte[] good = Files.readAllBytes(file);
            float[] poisoned = p.all().get("layer.weight").toFloatArray();
            poisoned[5] = Float.NaN;
            Parameters.replaceValues(p.all().get("layer.weight"), new float[16]);
            p.all().get("layer.weight").set(poisoned);
            assertThatThrownBy(() -> Checkpoint.save(file, p, List.of(adam), TrainingState.start(), Map.of()))
                    .isInstanceOf(GenlabException.class).hasMessageContaining("layer.weight")
                    .hasMessageContaining("no checkpoint was written");
            assertThat(Files.readAllBytes(file)).isEqualTo(good);
        }
        // --resume starts a new process: fresh parameters restored from the kept checkpoint are finite
        try (NDManager m = NDManager.newBaseManager(); Parameters fresh = new Parameters(m, 1)) {
            fresh.uniform("layer.weight", new Shape(4, 4), 0.5);
            Adam adam = new Adam(fresh, 1e-3f, 0.9f, 0.999f);
            Checkpoint.load(file).restore(fresh, List.of(adam));
            assertThat(fresh.all().get("layer.weight").toFloatArray()).doesNotContain(Float.NaN);
        }
    }
}
