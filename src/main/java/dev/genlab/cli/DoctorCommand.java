package dev.genlab.cli;

import ai.djl.ndarray.NDManager;
import dev.genlab.core.GenlabException;
import dev.genlab.doctor.CheckResult;
import dev.genlab.doctor.Doctor;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** `genlab doctor`: a self-check of the engine on this machine, with what to do when something is wrong. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Check that this machine's engine computes what genlab needs: engine and processor, every "
                + "layer kind forward and backward against a float64 reference (on memory left full of NaN, which "
                + "shows kernels that read what they never wrote), and a tiny training run twice (finite, the loss "
                + "falls, both runs identical).",
            "Exit code 0 when every check passes, 1 otherwise. Takes about half a minute."})
public final class DoctorCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        try (NDManager manager = common.newManager()) {
            List<CheckResult> results = Doctor.run(manager, common.threadCount(), r -> System.out.printf("%-4s  %-8s  "
                    + "%s: %s%n", r.ok() ? "ok" : "FAIL", r.group(), r.name(), r.detail()));
            long failed = results.stream().filter(r -> !r.ok()).count();
            if (failed > 0) {
                throw new GenlabException(failed + " of " + results.size() + " checks failed (FAIL above): results "
                        + "on this machine cannot be trusted; try --threads 1, and report this output with your "
                        + "processor's model");
            }
            System.out.println("all " + results.size() + " checks passed");
            return 0;
        }
    }
}
