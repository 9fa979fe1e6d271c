package dev.genlab.model;

/**
 * A flag of {@code genlab generate} that a family adds: its value reaches the model's
 * {@link Generator#resolveOptions} under {@code key} (e.g. {@code --truncation 0.7} as "truncation"), and is
 * recorded in each PNG in that form. Families that share a flag (an init image) give it the same key.
 *
 * @param flag        the option as typed, e.g. "--truncation"
 * @param paramLabel  the value's name in the help, e.g. "PSI"
 * @param description one or more sentences for the help, naming the models it applies to
 */
public record GenerateOption(String flag, String key, String paramLabel, String description) {

    public GenerateOption {
        if (!flag.startsWith("--") || key.isBlank()) {
            throw new IllegalArgumentException("a generate option needs a --flag and a key, got " + flag + " " + key);
        }
    }

    /** The settings every text-to-image family takes, under the same keys (each family checks them itself). */
    public static final java.util.List<GenerateOption> TEXT_TO_IMAGE = java.util.List.of(
            new GenerateOption("--negative", "negative_prompt", "TEXT", "Text-to-image models: a negative prompt, "
                    + "what to steer away from (it replaces the unconditional context of guidance)."),
            new GenerateOption("--init", "init", "IMAGE",
                    "Text-to-image models: the image to start from (image-to-image, inpainting)."),
            new GenerateOption("--strength", "strength", "S", "Text-to-image models with --init: share of the "
                    + "steps run from the init image, 0 (keep it) to 1 (redraw it); default 0.75, 1 with --mask."),
            new GenerateOption("--mask", "mask", "MASK.png", "Text-to-image models with --init: inpaint where the "
                    + "mask is white, keep the init image where it is black."));
}
