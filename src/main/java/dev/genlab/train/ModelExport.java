package dev.genlab.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.genlab.core.Version;
import dev.genlab.data.safetensors.DType;
import dev.genlab.data.safetensors.SafeTensors;
import dev.genlab.data.safetensors.Tensor;
import dev.genlab.modelstore.ModelDirectory;
import dev.genlab.modelstore.ModelManifest;
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
