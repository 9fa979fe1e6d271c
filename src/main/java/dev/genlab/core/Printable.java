package dev.genlab.core;

/**
 * Text read from a file, made safe to print: control characters (terminal escape sequences among them)
 * shown as {@code \\uXXXX}, and very long text cut with a note of how much was left out.
 */
public final class Printable {

    private Printable() {}

    /** Escapes control characters except tab; keeps at most {@code max} characters. */
    public static String of(String text, int max) {
        if (text == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder();
        int[] cps = text.codePoints().toArray();
        for (int i = 0; i < cps.length && i < max; i++) {
            int c = cps[i];
            if (Character.isISOControl(c) && c != '\t') {
                sb.append(String.format("\\u%04x", c));
            } else {
                sb.appendCodePoint(c);
            }
        }
        if (cps.length > max) {
            sb.append("… (").append(cps.length - max).append(" more characters)");
        }
        return sb.toString();
    }

    /** One line of at most 500 characters. */
    public static String of(String text) {
        return of(text, 500);
    }
}
