package dev.genlab.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Base64;

/**
 * Reads a request's JSON object field by field with the types its API documents: a missing or null field is
 * absent (the model's default), a field of the wrong type is a 422 naming it, a body that is not a JSON object
 * a 400.
 */
final class JsonFields {

    /** genlab's JSON conventions (snake_case records), on one line. */
    static final ObjectMapper JSON = dev.genlab.modelstore.ModelDirectory.JSON.copy()
            .disable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);

    private final ObjectNode body;

    private JsonFields(ObjectNode body) {
        this.body = body;
    }

    static JsonFields parse(byte[] bytes) {
        JsonNode n;
        try {
            n = bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
        } catch (IOException e) {
            throw ApiError.badRequest("the body is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (n == null || !n.isObject()) {
            throw ApiError.badRequest("the body must be a JSON object");
        }
        return new JsonFields((ObjectNode) n);
    }

    ObjectNode node() {
        return body;
    }

    boolean has(String field) {
        JsonNode v = body.get(field);
        return v != null && !v.isNull();
    }

    String string(String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw wrongType(field, "a string", v);
        }
        return v.asText();
    }

    Long integer(String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.asLong();
        }
        if (v.isNumber() && v.asDouble() == Math.rint(v.asDouble()) && Math.abs(v.asDouble()) < 1e15) {
            return (long) v.asDouble();
        }
        if (v.isTextual() && v.asText().trim().matches("-?\\d{1,18}")) {
            return Long.parseLong(v.asText().trim());
        }
        throw wrongType(field, "an integer", v);
    }

    Integer integer(String field, int min, int max) {
        Long v = integer(field);
        if (v == null) {
            return null;
        }
        if (v < min || v > max) {
            throw ApiError.unprocessable(field + " must be between " + min + " and " + max + ", got " + v);
        }
        return v.intValue();
    }

    Double number(String field, double min, double max) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        double d;
        if (v.isNumber()) {
            d = v.asDouble();
        } else if (v.isTextual() && v.asText().trim().matches("-?\\d+(\\.\\d*)?([eE]-?\\d+)?")) {
            d = Double.parseDouble(v.asText().trim());
        } else {
            throw wrongType(field, "a number", v);
        }
        if (!(d >= min && d <= max)) {
            throw ApiError.unprocessable(field + " must be between " + min + " and " + max + ", got " + v);
        }
        return d;
    }

    Boolean bool(String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            throw wrongType(field, "true or false", v);
        }
        return v.asBoolean();
    }

    /** A field's object, or null. */
    JsonFields object(String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw wrongType(field, "an object", v);
        }
        return new JsonFields((ObjectNode) v);
    }

    /** A field's list of strings (A1111's init_images), or null. */
    java.util.List<String> strings(String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw wrongType(field, "a list", v);
        }
        java.util.List<String> out = new java.util.ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw wrongType(field + "[" + out.size() + "]", "a string", e);
            }
            out.add(e.asText());
        }
        return out;
    }

    /** Image bytes from base64, with or without a data: URL prefix; bad base64 is a 422 naming the field. */
    static byte[] base64Image(String text, String field) {
        String b64 = text.startsWith("data:") && text.contains(",") ? text.substring(text.indexOf(',') + 1) : text;
        try {
            return Base64.getDecoder().decode(b64.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw ApiError.unprocessable(field + " is not base64: " + e.getMessage());
        }
    }

    private static ApiError wrongType(String field, String expected, JsonNode got) {
        String shown = got.toString();
        return ApiError.unprocessable(field + " must be " + expected + ", got " + (shown.length() > 40
                ? shown.substring(0, 40) + "…" : shown));
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
