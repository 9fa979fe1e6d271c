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
}
