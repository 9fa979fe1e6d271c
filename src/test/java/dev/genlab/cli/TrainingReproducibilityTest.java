package dev.genlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.TestCli;
import dev.genlab.TestData;
import dev.genlab.data.safetensors.SafeTensors;
import dev.genlab.data.safetensors.Tensor;
import dev.genlab.train.Checkpoint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The same tiny training run, three times from the command line while other threads keep every core busy:
 * each run ends with finite weights and optimiser state, and all three are identical, bit for bit. On the
 * machines where oneDNN's convolutions read unzeroed memory, these runs diverged or differed at random.
 */
class TrainingReproducibilityTest {

    @TempDir
    static Path tmp;
    static Path data;
    static Path noModels;
    static final AtomicBoolean BUSY = new AtomicBoolean(true);
    static final List<Thread> LOAD = new ArrayList<>();

    @BeforeAll
    static void startLoad() {
        data = TestData.fashionLike(tmp.resolve("data"), 96, 32);
        noModels = tmp.resolve("no-models");
        try {
            java.nio.file.Files.createDirectories(noModels);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
            Thread t = new Thread(() -> {
                double x = 1;
                long until = System.nanoTime() + 600_000_000_000L; // stops by itself after 10 minutes at most
                while (BUSY.get() && System.nanoTime() < until) {
                    x = Math.sin(x) + 1;
                }
            }, "cpu-load-" + i);
            t.setDaemon(true);
            t.start();
            LOAD.add(t);
        }
    }

    @AfterAll
    static void stopLoad() throws InterruptedException {
        BUSY.set(false);
        for (Thread t : LOAD) {
            t.join();
        }
    }

    /** Small networks (channel counts that are not multiples of the engine's block, where it failed). */
    @ParameterizedTest
    @CsvSource({"vae, --channels 8", "flow, --hidden 8", "vqvae, --channels 8", "dcgan, --channels 8",
        "stylegan, --channels 8", "ddpm, --channels 8", "pixelcnn, --channels 8 --layers 3 --hidden 16"})
    void threeRunsUnderLoadAreFiniteAndIdentical(String family, String size) {
        Map<String, Tensor> first = null;
        for (int run = 0; run < 3; run++) {
            Path out = tmp.resolve(family + "-" + run);
            List<String> args = new ArrayList<>(List.of("train", family, "--data", data.toString(), "--out",
                    out.toString(), "--batch-size", "16", "--max-steps", "5", "--no-progress", "--seed", "4",
                    // no classifier installed there: no sample-quality measurement after the run, only training
                    "--models-dir", noModels.toString()));
            args.addAll(List.of(size.split(" ")));
            TestCli.Run r = TestCli.run(args.toArray(String[]::new));
            assertThat(r.exit()).as(r.err()).isZero();
            Map<String, Tensor> state = SafeTensors.read(out.resolve(Checkpoint.FILE_NAME)).tensors();
            for (var e : state.entrySet()) {
                if (e.getValue().dtype().isFloat()) {
                    for (float v : e.getValue().toFloats()) {
                        assertThat(Float.isFinite(v)).as("%s run %d: %s", family, run, e.getKey()).isTrue();
                    }
                }
            }
            if (first == null) {
                first = state;
            } else {
                assertThat(state.keySet()).isEqualTo(first.keySet());
                for (var e : first.entrySet()) {
                    assertThat(state.get(e.getKey()).data()).as("%s run %d: %s", family, run, e.getKey())
                            .isEqualTo(e.getValue().data());
                }
            }
        }
    }
}
