package dev.genlab.doctor;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code genlab doctor}: checks that this machine's engine computes what genlab needs, correctly and
 * reproducibly. The engine and the processor's vector features first, then every layer kind against a
 * float64 reference, then a tiny training run twice.
 */
public final class Doctor {

    /** The processor features that decide which kernels the engine picks. */
    private static final List<String> FEATURES = List.of("avx2", "fma", "avx512f", "avx512_bf16", "avx512_fp16",
            "amx_tile");

    private Doctor() {}

    /** Runs every check, handing each result to {@code report} as it is known; returns them all. */
    public static List<CheckResult> run(NDManager manager, int threads, Consumer<CheckResult> report) {
        List<CheckResult> results = new ArrayList<>();
        Consumer<CheckResult> add = r -> {
            results.add(r);
            report.accept(r);
        };
        add.accept(engine(manager, threads));
        add.accept(processor());
        add.accept(EngineDefectCheck.run(manager));
        for (LayerCheck check : LayerChecks.all()) {
            add.accept(check.run(manager));
        }
        add.accept(TrainingRepeatCheck.run(manager));
        return results;
    }

    private static CheckResult engine(NDManager manager, int threads) {
        Engine e = Engine.getInstance();
        return CheckResult.pass("engine", "engine", "DJL " + Engine.getDjlVersion() + ", " + e.getEngineName() + " "
                + e.getVersion() + ", device " + manager.getDevice() + ", " + threads + " thread(s), Java "
                + System.getProperty("java.version"));
    }

    private static CheckResult processor() {
        String model = "unknown";
        Set<String> flags = new LinkedHashSet<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name") && model.equals("unknown")) {
                    model = line.substring(line.indexOf(':') + 1).trim();
                } else if (line.startsWith("flags") && flags.isEmpty()) {
                    for (String f : line.substring(line.indexOf(':') + 1).trim().split("\\s+")) {
                        if (FEATURES.contains(f)) {
                            flags.add(f);
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return CheckResult.pass("engine", "processor", "cannot read /proc/cpuinfo (not Linux?): "
                    + Runtime.getRuntime().availableProcessors() + " cores");
        }
        String block = flags.contains("avx512f") ? "AVX-512: the engine's convolutions use 16-channel blocks"
                : flags.contains("avx2") ? "AVX2: 8-channel blocks" : "no AVX2: the engine's generic kernels";
        return CheckResult.pass("engine", "processor", model + ", " + Runtime.getRuntime().availableProcessors()
                + " cores, " + (flags.isEmpty() ? "no vector features of note" : String.join(" ", flags)) + " ("
                + block + ")");
    }
}
