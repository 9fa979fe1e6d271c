package dev.genlab.model.diffusion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genlab.core.GenlabException;
import dev.genlab.core.UsageException;
import dev.genlab.model.ConfigChecks;
import dev.genlab.model.NetworkFields;
import dev.genlab.model.SamplerSettings;
import dev.genlab.modelstore.ImageShape;
import dev.genlab.modelstore.ModelDirectory;
import dev.genlab.modelstore.NetworkConfig;
import dev.genlab.sampling.NoiseSchedule;
import dev.genlab.sampling.Prediction;
import java.util.List;

/**
 * A pixel-space diffusion model: the UNet's shape, the noise schedule it was trained with, what it
 * predicts, and the sampler settings it uses when the user gives none.
 *
 * @param classes        class names (a learned null class is added for classifier-free guidance), or empty
 * @param baseChannels   channels at full resolution; the lower levels have 2× (two 2× downsamplings)
 * @param trainingSteps  T of the noise schedule
 * @param defaults       the sampler, steps and guidance used by default
 */
public record DiffusionConfig(ImageShape image, List<String> classes, int baseChannels, NoiseSchedule.Kind schedule,
        int trainingSteps, Prediction prediction, SamplerSettings defaults) implements NetworkConfig {

    public DiffusionConfig {
        ConfigChecks.imageDivisibleBy(image, 4, "the diffusion UNet");
        ConfigChecks.baseChannels(baseChannels);
        if (trainingSteps < 2 || trainingSteps > 100_000) {
            throw new UsageException("--training-steps must be between 2 and 100000, got " + trainingSteps);
        }
        classes = List.copyOf(classes);
    }

    /** Class inputs: the classes, then the null class. */
    public int classInputs() {
        return classes.size() + 1;
    }

    public int nullClass() {
        return classes.size();
    }

    public NoiseSchedule noiseSchedule() {
        return NoiseSchedule.of(schedule, trainingSteps);
    }

    @Override
    public JsonNode networkJson() {
        ObjectNode n = ModelDirectory.JSON.createObjectNode();
        n.put("architecture", "unet");
        n.put("base_channels", baseChannels);
        n.put("conditional", conditional());
        n.put("schedule", schedule.cliName());
        n.put("training_steps", trainingSteps);
        n.put("prediction", prediction.cliName());
        n.set("defaults", ModelDirectory.JSON.valueToTree(defaults));
        return n;
    }

    public static DiffusionConfig fromJson(ImageShape image, List<String> classes, JsonNode n) {
        if (n == null || !n.has("base_channels") || !n.has("schedule") || !n.has("defaults")) {
            throw new GenlabException("diffusion config.json lacks network.base_channels, schedule or defaults");
        }
        boolean conditional = NetworkFields.bool(n, "conditional", !classes.isEmpty());
        SamplerSettings defaults = ModelDirectory.JSON.convertValue(n.get("defaults"), SamplerSettings.class);
        return new DiffusionConfig(image, conditional ? classes : List.of(), NetworkFields.integer(n, "base_channels"),
                NoiseSchedule.Kind.parse(n.get("schedule").asText()), NetworkFields.integer(n, "training_steps", 1000),
                Prediction.parse(n.path("prediction").asText("epsilon")), defaults);
    }
}
