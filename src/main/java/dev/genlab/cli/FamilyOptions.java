package dev.genlab.cli;

import dev.genlab.model.GenerateOption;
import dev.genlab.model.ModelFamily;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Adds the flags the families declare ({@link ModelFamily#generateOptions}) to {@code genlab generate}, so
 * that the command knows no family's settings: a flag two families share (an init image) appears once, with
 * both descriptions, and must reach both under the same key.
 */
final class FamilyOptions {

    private FamilyOptions() {}

    /** flag → settings key, over every family. */
    static Map<String, String> keys(List<ModelFamily> families) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (ModelFamily f : families) {
            for (GenerateOption o : f.generateOptions()) {
                String before = keys.putIfAbsent(o.flag(), o.key());
                if (before != null && !before.equals(o.key())) {
                    throw new IllegalStateException(o.flag() + " means " + before + " for one family and " + o.key()
                            + " for " + f.name());
                }
            }
        }
        return keys;
    }

    /** Registers every family's flags on the generate command. */
    static void register(CommandSpec generate, List<ModelFamily> families) {
        Map<String, List<GenerateOption>> byFlag = new LinkedHashMap<>();
        keys(families); // checks that shared flags agree
        for (ModelFamily f : families) {
            for (GenerateOption o : f.generateOptions()) {
                byFlag.computeIfAbsent(o.flag(), k -> new ArrayList<>()).add(o);
            }
        }
        byFlag.forEach((flag, options) -> {
            List<String> descriptions = options.stream().map(GenerateOption::description).distinct().toList();
            // families that share a flag with different choices (genlab|torch, genlab|numpy): all choices, once
            String label = String.join("|", options.stream().flatMap(o -> java.util.Arrays.stream(o.paramLabel()
                    .split("\\|"))).distinct().toList());
            generate.addOption(OptionSpec.builder(flag).paramLabel(label).type(String.class)
                    .description(String.join(" ", descriptions)).build());
        });
    }
}
