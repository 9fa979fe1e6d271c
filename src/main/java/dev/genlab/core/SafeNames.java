package dev.genlab.core;

import java.util.regex.Pattern;

/**
 * Names that become parts of file paths (a model's name in its output files, a registered model's folder):
 * letters, digits, '.', '_' and '-', starting with a letter or digit, so that no name read from a file can
 * lead a write out of its folder ({@code ../../x}, an absolute path) or hide a file.
 */
public final class SafeNames {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private SafeNames() {}

    public static boolean isSafe(String name) {
        return name != null && SAFE.matcher(name).matches() && !name.contains("..");
    }

    /** The rule in words, for error messages. */
    public static final String RULE = "1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit";
}
