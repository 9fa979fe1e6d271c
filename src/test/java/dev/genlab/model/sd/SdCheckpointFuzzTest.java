package dev.genlab.model.sd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.checkpoint.Checkpoints;
import dev.genlab.core.GenlabException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Damaged .ckpt and safetensors files (seeded): each reads or stops with one line, never another exception. */
class SdCheckpointFuzzTest extends SdFixtureTest {

    @Test
    void damagedCheckpointsFailWithOneLine() throws Exception {
        SplittableRandom random = new SplittableRandom(2026);
        for (String name : new String[] {"sd1-tiny.ckpt", "vae-tiny.safetensors"}) {
            byte[] original = Files.readAllBytes(fx.resolve(name));
            Path file = models.resolve("damaged-" + name);
            for (int c = 0; c < 300; c++) {
                Files.write(file, dev.genlab.Damage.of(original, random));
                try {
                    Checkpoints.open(file).tensors().values().forEach(t -> t.read());
                } catch (GenlabException e) {
                    assertThat(e.getMessage()).as("%s case %d", name, c).isNotBlank().doesNotContain("\n");
                } catch (RuntimeException | StackOverflowError e) {
                    throw new AssertionError(name + " case " + c + " escaped as " + e, e);
                }
            }
        }
    }
}
