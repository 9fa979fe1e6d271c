package dev.genlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genlab.core.AtomicFiles;
import dev.genlab.core.GenlabException;
import dev.genlab.data.SyntheticBars;
import dev.genlab.data.safetensors.SafeTensors;
import dev.genlab.modelstore.ModelDirectory;
import dev.genlab.train.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training run killed with SIGKILL at random moments and resumed ends with the weights of a run never
 * interrupted, bit for bit; a write that meets a full disk leaves no file under its final name.
 */
class KillAndDiskFullTest {

    @TempDir
    Path tmp;

    private List<String> train(Path data, Path out, boolean resume) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-Dai.djl.pytorch.graph_optimizer=false", "-cp",
                System.getProperty("java.class.path"), "dev.genlab.cli.Main", "train", "vae", "--data", data.toString(),
                "--out", out.toString(), "--epochs", "5", "--batch-size", "32", "--checkpoint-every", "7", "--seed",
                "3", "--threads", "1", "--no-progress"));
        if (resume) {
            cmd.add("--resume");
        }
        return cmd;
    }

    private static Process start(List<String> cmd, Path log) throws IOException {
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    @Test
    void aRunKilledAtRandomMomentsResumesToTheUninterruptedWeights() throws Exception {
        Path data = SyntheticBars.write(tmp.resolve("bars"), 640, 16);
        Path whole = tmp.resolve("whole");
        Process p = start(train(data, whole, false), tmp.resolve("whole.log"));
        assertThat(p.waitFor(10, TimeUnit.MINUTES) && p.exitValue() == 0).as(Files.readString(tmp.resolve("whole.log")))
                .isTrue();

        Path killed = tmp.resolve("killed");
        SplittableRandom moments = new SplittableRandom(24);
        int kills = 0;
        for (int attempt = 0; attempt < 3; attempt++) {
            Path log = tmp.resolve("killed-" + attempt + ".log");
            Process q = start(train(data, killed, attempt > 0), log);
            // once a checkpoint exists (a kill before the first one leaves nothing to resume), at a random moment
            while (q.isAlive() && !Files.exists(killed.resolve(Checkpoint.FILE_NAME))) {
                Thread.sleep(20);
            }
            int moment = moments.nextInt(20, 800);
            Thread.sleep(moment);
            if (!q.isAlive()) {
                break; // finished before the moment came
            }
            q.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no finally
            kills++;
            System.out.println("killed " + moment + " ms after a checkpoint appeared");
        }
        Path log = tmp.resolve("resumed.log");
        Process last = start(train(data, killed, true), log);
        assertThat(last.waitFor(10, TimeUnit.MINUTES) && last.exitValue() == 0).as(Files.readString(log)).isTrue();
        assertThat(kills).as("the run was killed mid-training").isPositive();
        // the weights, bit for bit (the file's metadata also holds the folder's name and the seconds spent)
        var resumed = SafeTensors.read(killed.resolve(ModelDirectory.WEIGHTS)).tensors();
        var uninterrupted = SafeTensors.read(whole.resolve(ModelDirectory.WEIGHTS)).tensors();
        assertThat(resumed.keySet()).isEqualTo(uninterrupted.keySet());
        resumed.forEach((name, t) -> assertThat(t.data()).as(name).isEqualTo(uninterrupted.get(name).data()));
    }

    @Test
    void aFullDiskLeavesNoFileUnderTheFinalNameAndTheOldOneIntact() throws Exception {
        Path target = tmp.resolve("model.safetensors");
        Files.writeString(target, "the previous, complete file");
        // what the disk says when it fills half-way through a write
        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            out.write(new byte[1 << 16]);
            throw new IOException("No space left on device");
        })).isInstanceOf(GenlabException.class).hasMessageContaining("No space left on device")
                .hasMessageContaining("the disk is not full").hasMessageNotContaining("\n");
        assertThat(Files.readString(target)).isEqualTo("the previous, complete file");
        Path fresh = tmp.resolve("image.png");
        assertThatThrownBy(() -> AtomicFiles.write(fresh, out -> {
            throw new IOException("No space left on device");
        })).isInstanceOf(GenlabException.class);
        assertThat(fresh).doesNotExist();
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }
}
