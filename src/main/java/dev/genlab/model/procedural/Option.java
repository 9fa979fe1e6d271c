package dev.genlab.model.procedural;

import dev.genlab.core.UsageException;
import java.util.List;
import java.util.Locale;

/**
 * One setting of a procedural generator ({@code --param name=value}): its type, default and valid range,
 * checked with a one-line error that names the range.
 *
 * @param defaultValue the value when none is given, as text; "auto" where the seed chooses
 * @param choices      valid values of a text option; empty for numbers
 */
public record Option(String name, String description, String defaultValue, double min, double max, boolean integer,
        List<String> choices) {

    public static Option integer(String name, String description, int defaultValue, int min, int max) {
        return new Option(name, description, Integer.toString(defaultValue), min, max, true, List.of());
    }

    public static Option number(String name, String description, double defaultValue, double min, double max) {
        return new Option(name, description, format(defaultValue), min, max, false, List.of());
    }

    /** A number that is "auto" (chosen from the seed) unless given. */
    public static Option auto(String name, String description, double min, double max) {
        return new Option(name, description, "auto", min, max, false, List.of());
    }

    /** A point of the complex plane, "x,y", or "auto". */
    public static Option point(String name, String description) {
        return new Option(name, description, "auto", -4, 4, false, List.of("x,y"));
    }

    public static Option choice(String name, String description, String defaultValue, List<String> choices) {
        return new Option(name, description, defaultValue, 0, 0, false, List.copyOf(choices));
    }

    boolean isPoint() {
        return choices.equals(List.of("x,y"));
    }

    /** The value in canonical form (so the same settings always print the same), or a usage error. */
    String validate(String value) {
        String v = value.trim();
        if (v.equals("auto") && defaultValue.equals("auto")) {
            return v;
        }
        if (isPoint()) {
            String[] xy = v.split(",");
            if (xy.length != 2) {
                throw new UsageException("--param " + name + " must be two numbers x,y (e.g. -0.75,0.1) or auto, got '"
                        + value + "'");
            }
            return format(parse(xy[0], value)) + "," + format(parse(xy[1], value));
        }
        if (!choices.isEmpty()) {
            if (!choices.contains(v)) {
                throw new UsageException("--param " + name + " must be one of " + String.join(", ", choices) + ", got '"
                        + value + "'");
            }
            return v;
        }
        double d = parse(v, value);
        if (integer && d != Math.rint(d)) {
            throw new UsageException("--param " + name + " must be a whole number, got '" + value + "'");
        }
        return integer ? Long.toString((long) d) : format(d);
    }

    private double parse(String text, String whole) {
        double d;
        try {
            d = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--param " + name + " must be a number" + range() + ", got '" + whole + "'");
        }
        if (!(d >= min && d <= max)) {
            throw new UsageException("--param " + name + " must be" + range() + ", got '" + whole + "'");
        }
        return d;
    }

    private String range() {
        String lo = min == Double.MIN_VALUE ? "> 0" : ">= " + format(min);
        return " " + lo + " and <= " + format(max) + (defaultValue.equals("auto") ? " (or auto)" : "");
    }

    static String format(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e9) {
            return Long.toString((long) d);
        }
        return String.format(Locale.ROOT, "%s", d);
    }

    /** One line for `genlab models` / help: name=default (range or choices): description. */
    public String describe() {
        String range = !choices.isEmpty() && !isPoint() ? String.join("|", choices)
                : isPoint() ? "x,y" : (min == Double.MIN_VALUE ? "> 0" : format(min)) + ".." + format(max);
        return name + "=" + defaultValue + " (" + range + "): " + description;
    }
}
