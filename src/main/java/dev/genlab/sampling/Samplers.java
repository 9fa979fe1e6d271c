package dev.genlab.sampling;

import dev.genlab.core.GenlabException;
import dev.genlab.core.UsageException;
import java.util.List;

/** The samplers by their CLI names, and the checks every one shares. */
public final class Samplers {

    public static final List<String> NAMES = List.of("ddpm", "ddim", "pndm", "euler", "euler-a", "heun", "dpmpp-2m",
            "dpmpp-2m-sde");

    private Samplers() {}

    /**
     * @param eta    DDIM's η (ignored by the others)
     * @param karras Karras σ spacing for the σ-space samplers (ignored by DDPM, DDIM and PNDM)
     */
    public static Scheduler create(String name, NoiseSchedule schedule, Prediction prediction, double eta,
            boolean karras) {
        return switch (name) {
            case "ddpm" -> new Ddpm(schedule, prediction);
            case "ddim" -> new Ddim(schedule, prediction, eta);
            case "pndm" -> new Pndm(schedule, prediction);
            case "euler" -> new Euler(schedule, prediction, karras);
            case "euler-a" -> new EulerAncestral(schedule, prediction, karras);
            case "heun" -> new Heun(schedule, prediction, karras);
            case "dpmpp-2m" -> new DpmSolverPP2M(schedule, prediction, karras);
            case "dpmpp-2m-sde" -> new DpmSolverPP2MSde(schedule, prediction, karras);
            default -> throw new dev.genlab.core.UsageException("unknown sampler '" + name + "'; valid: " + String.join(", ", NAMES));
        };
    }

    /**
     * Network evaluations of a loop of {@code steps} steps (Heun and PNDM make extra ones): it depends on the
     * sampler and the step count only, not on a model's schedule.
     */
    public static int evaluations(String name, int steps) {
        return create(name, NoiseSchedule.of(NoiseSchedule.Kind.LINEAR, NoiseSchedule.DEFAULT_STEPS),
                Prediction.EPSILON, 0, false).evaluations(steps);
    }

    static void checkSteps(int n, NoiseSchedule schedule) {
        if (n < 1 || n > schedule.steps()) {
            throw new UsageException("--steps must be between 1 and " + schedule.steps()
                    + " (the model's training steps), got " + n);
        }
    }
}
