package dev.genlab.bench;

import dev.genlab.core.GenlabException;
import dev.genlab.data.Image;
import dev.genlab.metrics.PromptAccuracy;
import dev.genlab.model.GenerationRecord;
import dev.genlab.model.GenerationRequest;
import dev.genlab.model.Generator;
import dev.genlab.model.Sample;
import dev.genlab.model.SamplerSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Quality samples that ask for every class in turn: sample i (seed first + i) asks for class i mod K, as a
 * class for a class-conditional model or as a training caption of that class for a text-to-image model.
 * Their class accuracy (the share the classifier puts in the class asked for) is what guidance trades
 * against diversity, so this is how bench measures the effect of the guidance scale.
 */
final class ClassBalancedSamples {

    /** The images in seed order and the classifier's index of the class each one asked for. */
    record Set(List<Image> images, int[] asked) {}

    private ClassBalancedSamples() {}

    /** Whether the model can be asked for a class (or a caption of one); unconditional models cannot. */
    static boolean applies(Generator g) {
        return g.followsPrompts() || !g.classNames().isEmpty();
    }

    /**
     * @param classes the classifier's class names, which the model's classes or captions must match
     * @param batch   images per call; a call holds one class, so batches are as full as a class's share allows
     */
    static Set generate(Generator g, SamplerSettings sampler, List<String> classes, long first, int n, int batch) {
        int k = classes.size();
        List<PromptAccuracy.Prompt> captions = g.followsPrompts() ? PromptAccuracy.trainingPrompts(classes, 1, first)
                : List.of();
        List<Ask> asks = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            asks.add(g.followsPrompts() ? new Ask(null, Map.of(GenerationRecord.PROMPT, captions.get(c).text()))
                    : new Ask(modelClass(g, classes.get(c)), Map.of()));
        }
        Image[] images = new Image[n];
        int[] asked = new int[n];
        for (int c = 0; c < k; c++) {
            List<Integer> mine = new ArrayList<>();
            for (int i = c; i < n; i += k) {
                mine.add(i);
            }
            for (int from = 0; from < mine.size(); from += batch) {
                List<Integer> part = mine.subList(from, Math.min(mine.size(), from + batch));
                long[] seeds = part.stream().mapToLong(i -> first + i).toArray();
                List<Sample> out = g.generate(new GenerationRequest(seeds, asks.get(c).classIndex(), 1.0, sampler,
                        asks.get(c).options()));
                for (int j = 0; j < part.size(); j++) {
                    images[part.get(j)] = out.get(j).image();
                    asked[part.get(j)] = c;
                }
            }
        }
        return new Set(List.of(images), asked);
    }

    /** How a request asks for one class: the model's class index, or a prompt in the options. */
    private record Ask(Integer classIndex, Map<String, String> options) {}

    /** The model's index of a classifier class, matched by name. */
    private static int modelClass(Generator g, String name) {
        int own = g.classNames().indexOf(name);
        if (own < 0) {
            throw new GenlabException("model " + g.model().name() + " has no class '" + name + "' of the classifier "
                    + "(its classes: " + String.join(", ", g.classNames()) + "); measure it without --by-class/--cfg");
        }
        return own;
    }
}
