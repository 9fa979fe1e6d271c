package dev.genlab.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.genlab.core.GenlabException;
import dev.genlab.core.Printable;

/**
 * Reads a family's architecture settings from config.json's network object with their types checked: Jackson's
 * asInt() reads "abc" as 0, which then failed far away as "--latent must be between 1 and 4096, got 0".
 */
public final class NetworkFields {

    private NetworkFields() {}

    /** A required integer. */
    public static int integer(JsonNode network, String key) {
        JsonNode v = network == null ? null : network.get(key);
        if (v == null || v.isNull()) {
            throw damaged(key, "is missing");
        }
        return checkedInt(v, key);
    }

    /** An optional integer, {@code dflt} when absent. */
    public static int integer(JsonNode network, String key, int dflt) {
        JsonNode v = network == null ? null : network.get(key);
        return v == null || v.isNull() ? dflt : checkedInt(v, key);
    }

    /** A required number. */
    public static double number(JsonNode network, String key) {
        JsonNode v = network == null ? null : network.get(key);
        if (v == null || v.isNull()) {
            throw damaged(key, "is missing");
        }
        return checkedNumber(v, key);
    }

    /** An optional number, {@code dflt} when absent. */
    public static double number(JsonNode network, String key, double dflt) {
        JsonNode v = network == null ? null : network.get(key);
        return v == null || v.isNull() ? dflt : checkedNumber(v, key);
    }

    /** An optional true or false, {@code dflt} when absent. */
    public static boolean bool(JsonNode network, String key, boolean dflt) {
        JsonNode v = network == null ? null : network.get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw damaged(key, "must be true or false, got " + shown(v));
        }
        return v.asBoolean();
    }

    private static int checkedInt(JsonNode v, String key) {
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw damaged(key, "must be an integer, got " + shown(v));
        }
        return v.asInt();
    }

    private static double checkedNumber(JsonNode v, String key) {
        if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
            throw damaged(key, "must be a finite number, got " + shown(v));
        }
        return v.asDouble();
    }

    private static String shown(JsonNode v) {
        return Printable.of(v.toString(), 40);
    }

    private static GenlabException damaged(String key, String problem) {
        return new GenlabException("the model's config.json is damaged: network." + key + " " + problem
                + " (retrain or restore the model folder)");
    }
}
