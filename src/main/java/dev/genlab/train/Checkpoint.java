package dev.genlab.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genlab.core.GenlabException;
import dev.genlab.data.safetensors.DType;
import dev.genlab.data.safetensors.SafeTensors;
import dev.genlab.data.safetensors.Tensor;
import dev.genlab.nn.NonFinite;
import dev.genlab.nn.Parameters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A resumable snapshot of training: parameters (fp32), optimizer moments, and the {@link TrainingState},
 * in one safetensors file written atomically (a crash mid-write leaves the previous checkpoint intact).
 */
public final class Checkpoint {

    public static final String FILE_NAME = "checkpoint.safetensors";
    private static final String STATE = "genlab.training_state";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A checkpoint read from disk, before it is applied to a model. */
    public record Loaded(Path file, SafeTensors.Contents contents, TrainingState state) {

        public Map<String, String> metadata() {
            return contents.metadata();
        }

        public void restore(Parameters params, List<Adam> optimizers) {
            params.load(contents.tensors(), file);
            optimizers.forEach(adam -> adam.load(contents.tensors(), file));
        }
    }

    private Checkpoint() {}

    /**
     * Writes the run's state, replacing the previous checkpoint atomically; refuses (and keeps the previous
     * one) when a weight or optimiser moment is not finite, so that --resume always has finite weights to
     * start from.
     */
    public static void save(Path file, Parameters params, List<Adam> optimizers, TrainingState state,
            Map<String, String> meta) {
        java.util.Optional<String> bad = NonFinite.first(params.all());
        for (Adam adam : optimizers) {
            bad = bad.or(adam::firstNonFiniteMoment);
        }
        if (bad.isPresent()) {
            throw new GenlabException("training diverged by step " + state.globalStep() + ": '" + bad.get()
                    + "' is not finite, so no checkpoint was written over the last good one"
                    + (Files.isRegularFile(file) ? " (" + file + ")" : "") + "; resume from it with a lower --lr");
        }
        List<Tensor> tensors = new ArrayList<>(params.toTensors(DType.F32));
        optimizers.forEach(adam -> tensors.addAll(adam.state()));
        Map<String, String> all = new LinkedHashMap<>(meta);
        try {
            all.put(STATE, JSON.writeValueAsString(state));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        SafeTensors.write(file, tensors, all);
    }

    public static Loaded load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new GenlabException("nothing to resume: no " + FILE_NAME + " in " + file.getParent()
                    + " (start without --resume, or give the --out folder of the run to continue)");
        }
        SafeTensors.Contents c = SafeTensors.read(file);
        String state = c.metadata().get(STATE);
        if (state == null) {
            throw new GenlabException(file + " is not a genlab training checkpoint (no training state)");
        }
        try {
            TrainingState read = JSON.readValue(state, TrainingState.class);
            if (read == null) {
                throw new GenlabException("checkpoint " + file + " has an empty training state (null): it is damaged");
            }
            return new Loaded(file, c, read);
        } catch (JsonProcessingException e) {
            throw new GenlabException("checkpoint " + file + " has an unreadable training state: " + e.getOriginalMessage());
        }
    }
}
