package dev.genlab.model;

import dev.genlab.core.UsageException;
import java.util.List;

/** Resolves a --class value (a class name or its index) against a model's classes; a bad one is a usage error. */
public final class ClassArg {

    private ClassArg() {}

    public static Integer resolve(String value, List<String> classes, String model) {
        if (value == null) {
            return null;
        }
        if (classes.isEmpty()) {
            throw new UsageException("model " + model + " is unconditional: it takes no --class");
        }
        int i = classes.indexOf(value.toLowerCase().replace(' ', '-').replace('/', '-'));
        if (i < 0 && value.matches("\\d{1,3}")) {
            i = Integer.parseInt(value);
            if (i >= classes.size()) {
                i = -1;
            }
        }
        if (i < 0) {
            throw new UsageException("unknown class '" + value + "'; valid classes: " + String.join(", ", classes));
        }
        return i;
    }
}
