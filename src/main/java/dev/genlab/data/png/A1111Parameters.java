package dev.genlab.data.png;

import dev.genlab.core.GenlabException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code parameters} text that AUTOMATIC1111's web UI writes into PNGs, and that many tools read:
 * the prompt, an optional {@code Negative prompt:} line, and a last line of {@code Key: value} pairs
 * joined by ", " (values with a comma, colon or newline are JSON-quoted).
 *
 * @param prompt         the prompt; empty when the model takes none
 * @param negativePrompt the negative prompt, or empty for none
 * @param settings       ordered key → value pairs of the last line
 */
public record A1111Parameters(String prompt, String negativePrompt, Map<String, String> settings) {

    private static final String NEGATIVE = "Negative prompt: ";
    /** One pair of the last line: a key of word characters, spaces, '-' or '/', then a plain or quoted value. */
    private static final Pattern PAIR = Pattern.compile("\\s*(\\w[\\w \\-/]*):\\s*(\"(?:\\\\.|[^\\\\\"])*\"|[^,]*)(?:,|$)");

    public A1111Parameters {
        prompt = prompt == null ? "" : prompt;
        negativePrompt = negativePrompt == null ? "" : negativePrompt;
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        if (settings.isEmpty()) {
            throw new IllegalArgumentException("parameters need at least one setting");
        }
    }

    public String format() {
        StringBuilder sb = new StringBuilder();
        if (!prompt.isEmpty()) {
            sb.append(prompt).append('\n');
        }
        if (!negativePrompt.isEmpty()) {
            sb.append(NEGATIVE).append(negativePrompt).append('\n');
        }
        String sep = "";
        for (Map.Entry<String, String> e : settings.entrySet()) {
            sb.append(sep).append(e.getKey()).append(": ").append(quote(e.getValue()));
            sep = ", ";
        }
        return sb.toString();
    }

    static String quote(String v) {
        if (v.indexOf(',') < 0 && v.indexOf(':') < 0 && v.indexOf('\n') < 0) {
            return v;
        }
        StringBuilder sb = new StringBuilder("\"");
        for (char c : v.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    static String unquote(String v) {
        if (v.length() < 2 || !v.startsWith("\"")) {
            return v;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < v.length() - 1; i++) {
            char c = v.charAt(i);
            if (c == '\\' && i + 1 < v.length() - 1) {
                char n = v.charAt(++i);
                sb.append(n == 'n' ? '\n' : n);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * Parses the layout strictly: the last line must consist entirely of {@code Key: value} pairs; the
     * lines before it are the prompt, up to a line starting with {@code Negative prompt:}.
     */
    public static A1111Parameters parse(String text) {
        String[] lines = text.split("\n", -1);
        String last = lines[lines.length - 1];
        Map<String, String> settings = new LinkedHashMap<>();
        Matcher m = PAIR.matcher(last);
        int pos = 0;
        while (pos < last.length()) {
            if (!m.find(pos) || m.start() != pos || m.end() == pos) {
                throw new GenlabException("not A1111 parameters: cannot read the settings line at column " + pos
                        + ": " + dev.genlab.core.Printable.of(last.substring(pos), 60));
            }
            settings.put(m.group(1), unquote(m.group(2).trim()));
            pos = m.end();
        }
        if (settings.isEmpty()) {
            throw new GenlabException("not A1111 parameters: the last line holds no settings");
        }
        StringBuilder prompt = new StringBuilder();
        StringBuilder negative = new StringBuilder();
        boolean inNegative = false;
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            if (!inNegative && line.startsWith(NEGATIVE)) {
                inNegative = true;
                line = line.substring(NEGATIVE.length());
            }
            StringBuilder target = inNegative ? negative : prompt;
            if (target.length() > 0) {
                target.append('\n');
            }
            target.append(line);
        }
        return new A1111Parameters(prompt.toString(), negative.toString(), settings);
    }
}
