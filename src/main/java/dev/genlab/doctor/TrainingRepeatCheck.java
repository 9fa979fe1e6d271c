package dev.genlab.doctor;

import ai.djl.ndarray.NDManager;
import dev.genlab.data.SyntheticBars;
import dev.genlab.data.safetensors.SafeTensors;
import dev.genlab.data.safetensors.Tensor;
import dev.genlab.model.vae.VaeTrainer;
import dev.genlab.modelstore.ModelDirectory;
import dev.genlab.train.TrainingOptions;
import dev.genlab.train.TrainingState;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A tiny training run (a conditional VAE on synthetic bars, 12 steps), twice with the same seed: both must
 * finish with finite losses that fall, and with the same loss curve and weights, bit for bit.
 */
final class TrainingRepeatCheck {

    private static final int EPOCHS = 2;

    private TrainingRepeatCheck() {}

    static CheckResult run(NDManager root) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("genlab-doctor");
            Path data = SyntheticBars.write(dir.resolve("data"), 96, 16);
            VaeTrainer.Result a = train(root, data, dir.resolve("a"));
            VaeTrainer.Result b = train(root, data, dir.resolve("b"));
            List<Double> curveA = losses(a.state());
            List<Double> curveB = losses(b.state());
            if (!curveA.stream().allMatch(Double::isFinite)) {
                return CheckResult.fail("training", "tiny training run twice", "losses are not finite: " + curveA);
            }
            if (!curveA.equals(curveB)) {
                return CheckResult.fail("training", "tiny training run twice", "two runs with the same seed differ: "
                        + curveA + " vs " + curveB);
            }
            if (!sameWeights(a.modelDir(), b.modelDir())) {
                return CheckResult.fail("training", "tiny training run twice",
                        "the two runs' losses agree but their weights differ");
            }
            if (!(curveA.get(curveA.size() - 1) < curveA.get(0))) {
                return CheckResult.fail("training", "tiny training run twice", "the loss did not fall: " + curveA);
            }
            return CheckResult.pass("training", "tiny training run twice", String.format(Locale.ROOT,
                    "loss per epoch %.2f → %.2f, both runs identical (curve and weights)", curveA.get(0),
                    curveA.get(curveA.size() - 1)));
        } catch (IOException e) {
            return CheckResult.fail("training", "tiny training run twice", "could not write to a temporary folder: "
                    + e.getMessage());
        } catch (RuntimeException e) {
            return CheckResult.fail("training", "tiny training run twice", e.getMessage());
        } finally {
            delete(dir);
        }
    }

    private static VaeTrainer.Result train(NDManager root, Path data, Path out) {
        TrainingOptions o = new TrainingOptions(data, out, EPOCHS, 16, 2e-3f, 1, false, 0, 0, 1000, false,
                "genlab doctor", "doctor-vae");
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        return new VaeTrainer(quiet).train(new VaeTrainer.Options(o, 4, 8, 1.0, true), root);
    }

    private static List<Double> losses(TrainingState state) {
        return state.epochs().stream().map(e -> e.losses().get("loss")).toList();
    }

    private static boolean sameWeights(Path a, Path b) {
        Map<String, Tensor> ta = SafeTensors.read(a.resolve(ModelDirectory.WEIGHTS)).tensors();
        Map<String, Tensor> tb = SafeTensors.read(b.resolve(ModelDirectory.WEIGHTS)).tensors();
        return ta.keySet().equals(tb.keySet())
                && ta.keySet().stream().allMatch(k -> Arrays.equals(ta.get(k).toFloats(), tb.get(k).toFloats()));
    }

    /** Best effort: a temporary folder left behind must not turn the check's result into an error. */
    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // the system's temporary folder is cleaned anyway
        }
    }
}
