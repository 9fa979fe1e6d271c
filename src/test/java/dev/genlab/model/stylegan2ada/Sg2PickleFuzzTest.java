package dev.genlab.model.stylegan2ada;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.checkpoint.Checkpoints;
import dev.genlab.core.GenlabException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Damaged network pickles, made by flipping, overwriting, deleting and duplicating bytes of a real-format one
 * (seeded, so a failure can be replayed): reading each either works or stops with genlab's one-line error,
 * never another exception, and never runs anything.
 */
class Sg2PickleFuzzTest extends Sg2Fixtures {

    private static final int CASES = 1000;

    @Test
    void damagedPicklesFailWithOneLine() throws Exception {
        byte[] original = Files.readAllBytes(fx.resolve("sg2-tiny-p4.pkl"));
        SplittableRandom random = new SplittableRandom(2026);
        Path file = models.resolve("damaged.pkl");
        int refused = 0;
        for (int c = 0; c < CASES; c++) {
            byte[] damaged = dev.genlab.Damage.of(original, random);
            Files.write(file, damaged);
            try {
                Checkpoints.open(file).tensors().values().forEach(t -> t.read());
            } catch (GenlabException e) {
                assertThat(e.getMessage()).as("case %d", c).isNotBlank().doesNotContain("\n");
                refused++;
            } catch (RuntimeException | StackOverflowError e) {
                throw new AssertionError("case " + c + " escaped as " + e, e);
            }
        }
        assertThat(refused).as("most damage is noticed").isGreaterThan(CASES / 4);
    }
}
