package dev.genlab.model.latent;

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

/**
 * The text-to-image latent diffusion model: the autoencoder it denoises in (its weights ship in the same
 * file), the UNet's width and attention heads, the text context it attends to, the noise schedule and what
 * the UNet predicts, and the sampler settings used when the user gives none.
 *
 * @param contextTokens  tokens of the text context (the text encoder's padded length)
 * @param contextDim     width of the text encoder's hidden states
 * @param dropPrompt     share of training captions replaced by the empty prompt (classifier-free guidance)
 */
public record LdmConfig(AutoencoderConfig autoencoder, int baseChannels, int heads, int contextTokens, int contextDim,
        NoiseSchedule.Kind schedule, int trainingSteps, Prediction prediction, double dropPrompt,
        SamplerSettings defaults) implements NetworkConfig {

    public LdmConfig {
        ConfigChecks.baseChannels(baseChannels);
        if (autoencoder.latentSize() % 2 != 0) {
            throw new GenlabException("the latent diffusion UNet halves the latent once; its side must be even, got "
                    + autoencoder.latentSize());
        }
        if (heads < 1 || baseChannels % heads != 0) {
            throw new UsageException("--heads must divide --channels (" + baseChannels + "), got " + heads);
        }
        if (contextTokens < 1 || contextDim < 1) {
            throw new GenlabException("the text context must have tokens and width, got " + contextTokens + " x "
                    + contextDim);
        }
        if (trainingSteps < 2 || trainingSteps > 100_000) {
            throw new UsageException("--training-steps must be between 2 and 100000, got " + trainingSteps);
        }
        if (!(dropPrompt >= 0 && dropPrompt < 1)) {
            throw new UsageException("--drop-prompt must be in [0, 1), got " + dropPrompt);
        }
    }

    public NoiseSchedule noiseSchedule() {
        return NoiseSchedule.of(schedule, trainingSteps);
    }

    /** The images are the autoencoder's. */
    @Override
    public ImageShape image() {
        return autoencoder.image();
    }

    @Override
    public JsonNode networkJson() {
        ObjectNode n = ModelDirectory.JSON.createObjectNode();
        n.put("architecture", "latent-diffusion-unet");
        n.put("base_channels", baseChannels);
        n.put("heads", heads);
        n.put("context_tokens", contextTokens);
        n.put("context_dim", contextDim);
        n.put("text_encoder", "all-MiniLM-L6-v2 (per-token hidden states)");
        n.put("schedule", schedule.cliName());
        n.put("training_steps", trainingSteps);
        n.put("prediction", prediction.cliName());
        n.put("drop_prompt", dropPrompt);
        n.set("defaults", ModelDirectory.JSON.valueToTree(defaults));
        n.set("autoencoder", autoencoder.networkJson());
        return n;
    }

    public static LdmConfig fromJson(ImageShape image, JsonNode n) {
        if (n == null || !n.has("base_channels") || !n.has("schedule") || !n.has("defaults") || !n.has("autoencoder")) {
            throw new GenlabException("latent diffusion config.json lacks network.base_channels, schedule, defaults "
                    + "or autoencoder");
        }
        return new LdmConfig(AutoencoderConfig.fromJson(image, n.get("autoencoder")), NetworkFields.integer(n, "base_channels"),
                NetworkFields.integer(n, "heads", 4), NetworkFields.integer(n, "context_tokens", 0), NetworkFields.integer(n, "context_dim", 0),
                NoiseSchedule.Kind.parse(n.get("schedule").asText()), NetworkFields.integer(n, "training_steps", 1000),
                Prediction.parse(n.path("prediction").asText("epsilon")), NetworkFields.number(n, "drop_prompt", 0.1),
                ModelDirectory.JSON.convertValue(n.get("defaults"), SamplerSettings.class));
    }
}
