package dev.genlab.model.sd;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genlab.checkpoint.Checkpoint;
import dev.genlab.checkpoint.CheckpointKind;
import dev.genlab.checkpoint.Checkpoints;
import dev.genlab.checkpoint.SdKeyMap;
import dev.genlab.core.GenlabException;
import dev.genlab.core.Sha256;
import dev.genlab.model.GenerateOption;
import dev.genlab.model.Generator;
import dev.genlab.model.SamplerSettings;
import dev.genlab.model.ModelFamily;
import dev.genlab.modelstore.ImageShape;
import dev.genlab.modelstore.ModelDirectory;
import dev.genlab.modelstore.ModelManifest;
import dev.genlab.nn.Parameters;
import dev.genlab.text.clip.ClipTokenizer;
import dev.genlab.text.clip.ClipVocabularies;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Stable Diffusion 1.x checkpoints that users bring; genlab does not train them. */
public final class SdFamily implements ModelFamily {

    public static final String NAME = "sd1";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<GenerateOption> generateOptions() {
        List<GenerateOption> out = new java.util.ArrayList<>(GenerateOption.TEXT_TO_IMAGE);
        out.add(new GenerateOption("--size", "size", "WxH", "Stable Diffusion: image size, multiples of 64 "
                + "(default: 512x512, or the --init image's)."));
        out.add(new GenerateOption("--tile", SdOptions.TILE, "PIXELS", "Stable Diffusion: run the VAE in "
                + "overlapping tiles of this side (e.g. 512) to bound its memory on large images; the tiles blend "
                + "where they overlap (the image differs slightly from a whole decode)."));
        out.add(new GenerateOption("--clip-skip", "clip_skip", "N", "Stable Diffusion: condition on CLIP's N-th "
                + "layer from the end, as AUTOMATIC1111's clip skip (default: 1, the last)."));
        out.add(new GenerateOption("--rng", "rng", "genlab|torch", "Stable Diffusion: genlab's own noise (default) "
                + "or torch.randn's on the CPU, which starts from the same latents as diffusers and AUTOMATIC1111 "
                + "(CPU noise) for the same seed."));
        return out;
    }

    /** What the diffusers pipeline the study used does by default (PNDM, 50 steps, guidance 7.5). */
    @Override
    public SamplerSettings defaultSampler(ModelDirectory dir) {
        return SdModel.DEFAULTS;
    }

    /**
     * Bench times a checkpoint by a unit of its work ({@link SdModel#unit}: one guided UNet evaluation among
     * it) unless asked for sampler rows: a 50-step image takes many minutes on a CPU.
     */
    @Override
    public boolean samplerRowsOnRequest() {
        return true;
    }

    @Override
    public List<RandomArchitecture> randomArchitectures() {
        return List.of(new RandomArchitecture("sd1", "Stable Diffusion 1.x, single-file safetensors in the original "
                + "layout (UNet, VAE, CLIP ViT-L/14 text model; 2.1 GB in fp16).", (out, dtype, seed) -> {
                    System.err.printf(Locale.ROOT, "writing %s (%.2f GB of random weights)%n", out,
                            dev.genlab.checkpoint.Sd1Layout.bytes(dtype) / 1e9);
                    dev.genlab.checkpoint.RandomCheckpoint.writeSd1(out, dtype, seed);
                    return "Stable Diffusion 1.x layout";
                }));
    }

    @Override
    public Generator load(ModelDirectory dir, NDManager manager) {
        ModelManifest.LinkedWeights linked = dir.manifest().linked();
        if (linked == null) {
            throw new GenlabException("model " + dir.name() + " has no checkpoint: add one with `genlab models add "
                    + dir.name() + " PATH`");
        }
        Checkpoint checkpoint = SdCheckpoint.open(dir.name(), linked);
        String vaePath = dir.manifest().network().path("vae").asText(null);
        var vae = SdCheckpoint.vaeTensors(checkpoint, vaePath == null ? null : Path.of(vaePath));
        SdVaeConfig config = SdVaeConfig.of(vae, dir.manifest().network().path("scale_factor")
                .asDouble(SdVaeConfig.SD1_SCALE_FACTOR));
        // fp16 stays fp16 in memory, as the UNet's (see there)
        Parameters p = Parameters.readingKeepingHalf(manager, vae, Path.of(vaePath != null
                ? vaePath : linked.path()));
        SdVae net = new SdVae(config, p);
        String given = dir.manifest().network().path("tokenizer").asText(null);
        SdModel.Tokenizer tokenizer;
        try {
            tokenizer = SdModel.Tokenizer.of(new ClipTokenizer(ClipVocabularies.find(given == null ? null
                    : Path.of(given), Path.of(linked.path()))));
        } catch (GenlabException e) {
            // bench can time on fixed ids; prompts need the vocabulary, and the model's folder says where it is
            String message = e.getMessage().replace("give --tokenizer PATH", "add one to the model with `genlab "
                    + "models add " + dir.name() + " " + linked.path() + " --tokenizer PATH --force`");
            tokenizer = SdModel.Tokenizer.missing(new GenlabException(message));
        }
        var text = checkpoint.under(SdKeyMap.TEXT);
        var unet = checkpoint.under(SdKeyMap.UNET);
        SdModel.Loaders loaders = new SdModel.Loaders(m -> textModel(checkpoint, m, linked.path()),
                m -> unet(checkpoint, m, linked.path()), textLayers(text), SdUNetConfig.of(unet),
                unet.values().stream().mapToLong(dev.genlab.checkpoint.StoredTensor::elementCount).sum());
        return new SdModel(dir, net, p.manager(), loaders, tokenizer);
    }

    private static int textLayers(Map<String, dev.genlab.checkpoint.StoredTensor> text) {
        int layers = 0;
        while (text.containsKey("text_model.encoder.layers." + layers + ".layer_norm1.weight")) {
            layers++;
        }
        return layers;
    }

    /** The denoising UNet from the checkpoint, its shape read from the tensors' shapes. */
    private static SdUNet unet(Checkpoint checkpoint, NDManager manager, String path) {
        var tensors = checkpoint.under(SdKeyMap.UNET);
        // the weights of an fp16 file stay fp16 in memory: 1.7 GB less, each widened as its layer runs
        Parameters p = Parameters.readingKeepingHalf(manager, tensors, Path.of(path));
        return new SdUNet(SdUNetConfig.of(tensors), p);
    }

    /** CLIP's text model from the checkpoint, its size read from the tensors' shapes. */
    private static ClipTextModel textModel(Checkpoint checkpoint, NDManager manager, String path) {
        var tensors = checkpoint.under(SdKeyMap.TEXT);
        var tokens = tensors.get("text_model.embeddings.token_embedding.weight");
        var positions = tensors.get("text_model.embeddings.position_embedding.weight");
        if (tokens == null || positions == null) {
            throw new GenlabException("the checkpoint " + path + " has no CLIP text model (" + SdKeyMap.TEXT
                    + "text_model.embeddings.*)");
        }
        // widened at load, unlike the UNet: on 77 tokens, widening 123 M weights at each prompt would cost more than
        // encoding it
        Parameters p = Parameters.reading(manager, tensors, Path.of(path));
        return new ClipTextModel(p, (int) tokens.shape()[0], (int) positions.shape()[0], (int) tokens.shape()[1],
                textLayers(tensors));
    }

    @Override
    public ModelManifest adopt(String name, Path path, CheckpointExtras extras) {
        Path vae = extras.vae();
        Checkpoint c = Checkpoints.open(path);
        CheckpointKind kind = CheckpointKind.of(c);
        if (!kind.stableDiffusion()) {
            return null;
        }
        if (!kind.supported()) {
            throw new GenlabException("not supported yet: " + path + " holds " + kind.description()
                    + (kind == CheckpointKind.VAE ? "; add the Stable Diffusion checkpoint and give this file as --vae"
                            : "; genlab runs Stable Diffusion 1.x checkpoints"));
        }
        if (vae != null) {
            SdCheckpoint.vaeTensors(c, vae.toAbsolutePath()); // refuses a file that is not a VAE now, not at load
        }
        Path absolute = path.toAbsolutePath().normalize();
        String dtype = c.dtypeLabel();
        String what = kind.description() + (c.randomWeights() ? " (random weights: timing only)" : "");
        var linked = new ModelManifest.LinkedWeights(absolute.toString(), Sha256.size(absolute), Sha256.of(absolute),
                c.format().label(), what, dtype);
        ObjectNode network = ModelDirectory.JSON.createObjectNode();
        network.put("scale_factor", SdVaeConfig.SD1_SCALE_FACTOR);
        if (vae != null) {
            network.put("vae", vae.toAbsolutePath().normalize().toString());
        }
        if (extras.tokenizer() != null) {
            ClipVocabularies.find(extras.tokenizer(), null); // refuses a path that holds no vocabulary now
            network.put("tokenizer", extras.tokenizer().toAbsolutePath().normalize().toString());
        }
        String headline = String.format(Locale.ROOT, "%s, %s, %.2f GB (user's checkpoint)", what, dtype,
                linked.bytes() / 1e9);
        return new ModelManifest(ModelManifest.FORMAT, name, NAME, "Stable Diffusion 1.x from " + absolute
                + " (" + c.format().label() + "): text to image, image to image, inpainting; reconstruct runs its VAE.",
                new ImageShape(3, 512, 512), List.of(), network, null, Map.of(), headline, linked);
    }
}
