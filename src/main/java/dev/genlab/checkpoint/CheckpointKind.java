package dev.genlab.checkpoint;

/** What a checkpoint is, told from its tensor names and shapes alone. */
public enum CheckpointKind {
    SD1("Stable Diffusion 1.x", true),
    SD1_INPAINT("Stable Diffusion 1.x inpainting (9-channel UNet input)", true),
    SD2("Stable Diffusion 2.x (OpenCLIP text encoder)", false),
    SDXL("Stable Diffusion XL", false),
    VAE("a Stable Diffusion VAE alone", false),
    STYLEGAN2("StyleGAN2 / StyleGAN2-ADA generator", true),
    STYLEGAN3("StyleGAN3 alias-free generator (-t or -r config)", false),
    UNKNOWN("no Stable Diffusion model genlab knows", false);

    private final String description;
    private final boolean supported;

    CheckpointKind(String description, boolean supported) {
        this.description = description;
        this.supported = supported;
    }

    public String description() {
        return description;
    }

    /** Whether it is one of Stable Diffusion's (a model, or a VAE that goes with one). */
    public boolean stableDiffusion() {
        return this != STYLEGAN2 && this != STYLEGAN3 && this != UNKNOWN;
    }

    /** Whether genlab runs this kind as a model (a VAE alone is used through --vae). */
    public boolean supported() {
        return supported;
    }

    /** Tells what {@code c} holds (Stable Diffusion in the CompVis layout; a StyleGAN as its state dict). */
    public static CheckpointKind of(Checkpoint c) {
        if (c.has("mapping.fc0.weight") && c.tensors().keySet().stream().anyMatch(k -> k.startsWith("synthesis."))) {
            return c.tensors().keySet().stream().anyMatch(k -> k.startsWith("synthesis.input.")) ? STYLEGAN3
                    : c.has("synthesis.b4.const") ? STYLEGAN2 : UNKNOWN;
        }
        if (c.tensors().keySet().stream().anyMatch(k -> k.startsWith("conditioner.embedders."))) {
            return SDXL;
        }
        if (c.tensors().keySet().stream().anyMatch(k -> k.startsWith("cond_stage_model.model."))) {
            return SD2;
        }
        boolean vae = c.has(SdKeyMap.VAE + "decoder.conv_in.weight") && c.has(SdKeyMap.VAE + "encoder.conv_in.weight");
        boolean text = c.has(SdKeyMap.TEXT + "text_model.embeddings.token_embedding.weight");
        StoredTensor convIn = c.tensors().get(SdKeyMap.UNET + "input_blocks.0.0.weight");
        Long unetInput = convIn != null ? Long.valueOf(convIn.shape()[1]) : null;
        if (vae && text && unetInput != null) {
            return unetInput == 9 ? SD1_INPAINT : unetInput == 4 ? SD1 : UNKNOWN;
        }
        if (c.has("decoder.conv_in.weight") && c.has("encoder.conv_in.weight") && c.tensors().size() < 400) {
            return VAE;
        }
        return UNKNOWN;
    }
}
