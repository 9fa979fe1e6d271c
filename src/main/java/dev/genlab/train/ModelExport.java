package dev.genlab.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.genlab.core.Version;
import dev.genlab.data.safetensors.DType;
import dev.genlab.data.safetensors.SafeTensors;
import dev.genlab.data.safetensors.Tensor;
import dev.genlab.modelstore.ModelDirectory;
import dev.genlab.modelstore.ModelManifest;
import dev.genlab.modelstore.NetworkConfig;
import dev.genlab.nn.Parameters;
import java.util.List;
import java.util.Map;

/**
 * Writes a trained model's folder: weights (with the manifest as provenance), config.json and the model
 * card. A trainer describes its model with {@link #of}, adds what it measured, and writes:
 * <pre>{@code
 * ModelExport.of(VaeFamily.NAME, config, "A convolutional VAE …")
 *         .metrics(metrics, headline)
 *         .write(o, state, data, params, architecture);
 * }</pre>
 */
public final class ModelExport {

    private final String family;
    private final NetworkConfig config;
    private final String description;
    private Map<String, Double> metrics = Map.of();
    private String headline;
    private ModelManifest.TrainingInfo training;

    private ModelExport(String family, NetworkConfig config, String description) {
        this.family = family;
        this.config = config;
        this.description = description;
    }

    /** A model of {@code family} with the architecture {@code config}, described in a sentence or two. */
    public static ModelExport of(String family, NetworkConfig config, String description) {
        return new ModelExport(family, config, description);
    }

    /** The figures measured on the model and the one that {@code genlab models} shows, in words. */
    public ModelExport metrics(Map<String, Double> metrics, String headline) {
        this.metrics = metrics;
        this.headline = headline;
        return this;
    }

    /** Provenance other than the written run's own (a model trained in stages adds them up). */
    public ModelExport training(ModelManifest.TrainingInfo training) {
        this.training = training;
        return this;
    }

    /** The manifest as it will be written. */
    public ModelManifest manifest(TrainingOptions o, TrainingState state, String data) {
        return new ModelManifest(ModelManifest.FORMAT, o.name(), family, description, config.image(),
                config.classes(), config.networkJson(), training != null ? training : trainingInfo(o, state, data),
                metrics, headline);
    }

    /** Writes every parameter as the model's weights. */
    public void write(TrainingOptions o, TrainingState state, String data, Parameters params, String architecture) {
        write(o, state, data, params.toTensors(DType.F32), params.count(), architecture);
    }

    /**
     * Writes the given tensors as the model's weights (a GAN ships its generator's average alone); the card
     * states {@code parameterCount}.
     */
    public void write(TrainingOptions o, TrainingState state, String data, List<Tensor> weights, long parameterCount,
            String architecture) {
        ModelManifest manifest = manifest(o, state, data);
        String json;
        try {
            json = ModelDirectory.JSON.writeValueAsString(manifest);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        SafeTensors.write(o.out().resolve(ModelDirectory.WEIGHTS), weights, Map.of("genlab.manifest", json));
        ModelDirectory.writeManifest(o.out(), manifest);
        ModelCardWriter.write(o.out(), manifest, parameterCount, architecture, state, null);
    }

    /** Provenance of a run for config.json and the card. */
    public static ModelManifest.TrainingInfo trainingInfo(TrainingOptions o, TrainingState state, String data) {
        return new ModelManifest.TrainingInfo(o.command(), o.seed(), state.epoch(), state.globalStep(),
                o.batchSize(), state.seconds(), data, Version.commit(), Version.version());
    }
}
