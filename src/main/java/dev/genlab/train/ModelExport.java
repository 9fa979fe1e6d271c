package dev.genlab.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.genlab.core.Version;
import dev.genlab.data.safetensors.DType;
import dev.genlab.data.safetensors.SafeTensors;
import dev.genlab.data.safetensors.Tensor;
import dev.genlab.model.ModelDirectory;
import dev.genlab.model.ModelManifest;
import dev.genlab.nn.Parameters;
import java.util.Map;

/** Writes a trained model's folder: weights (with the manifest as provenance), config.json, model card. */
public final class ModelExport {

    private ModelExport() {}

    /** Provenance of a run for config.json and the card. */
    public static ModelManifest.TrainingInfo trainingInfo(TrainingOptions o, TrainingState state, String data) {
        return new ModelManifest.TrainingInfo(o.command(), o.seed(), state.epoch(), state.globalStep(),
                o.batchSize(), state.seconds(), data, Version.commit(), Version.version());
    }

    public static void write(TrainingOptions o, ModelManifest manifest, Parameters params, TrainingState state,
            String architecture) {
        write(o, manifest, params.toTensors(DType.F32), params.count(), state, architecture);
    }

    /**
     * Writes a model folder without quality figures, then, given a probe, loads the model back from it,
     * measures it and writes the folder again with the figures. Returns the figures (empty without a probe).
     *
     * @param write writes the folder with the given quality figures
     * @param load  loads the written model
     */
    public static java.util.Map<String, Double> writeMeasured(
            java.util.function.Consumer<java.util.Map<String, Double>> write,
            java.util.function.Supplier<? extends dev.genlab.model.Generator> load,
            java.util.function.Function<dev.genlab.model.Generator, java.util.Map<String, Double>> probe) {
        write.accept(java.util.Map.of());
        if (probe == null) {
            return java.util.Map.of();
        }
        java.util.Map<String, Double> measured;
        try (dev.genlab.model.Generator model = load.get()) {
            measured = probe.apply(model);
        }
        write.accept(measured);
        return measured;
    }

    /** Writes the given tensors as the model's weights (a GAN ships its generator alone). */
    public static void write(TrainingOptions o, ModelManifest manifest, java.util.List<Tensor> weights,
            long parameterCount, TrainingState state, String architecture) {
        String json;
        try {
            json = ModelDirectory.JSON.writeValueAsString(manifest);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        SafeTensors.write(o.out().resolve(ModelDirectory.WEIGHTS), weights,
                Map.of("genlab.manifest", json));
        ModelDirectory.writeManifest(o.out(), manifest);
        ModelCardWriter.write(o.out(), manifest, parameterCount, architecture, state, null);
    }
}
