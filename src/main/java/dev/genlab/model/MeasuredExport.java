package dev.genlab.model;

import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/** A trained model's folder written with the quality figures measured on the model as it was written. */
public final class MeasuredExport {

    private MeasuredExport() {}

    /**
     * Writes a model folder without quality figures, then, given a probe, loads the model back from it,
     * measures it and writes the folder again with the figures. Returns the figures (empty without a probe).
     *
     * @param write writes the folder with the given quality figures
     * @param load  loads the written model
     */
    public static Map<String, Double> write(Consumer<Map<String, Double>> write, Supplier<? extends Generator> load,
            Function<Generator, Map<String, Double>> probe) {
        write.accept(Map.of());
        if (probe == null) {
            return Map.of();
        }
        Map<String, Double> measured;
        try (Generator model = load.get()) {
            measured = probe.apply(model);
        }
        write.accept(measured);
        return measured;
    }
}
