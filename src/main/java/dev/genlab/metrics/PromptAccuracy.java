package dev.genlab.metrics;

import ai.djl.ndarray.NDManager;
import dev.genlab.core.SeededRandom;
import dev.genlab.core.Seeds;
import dev.genlab.data.Image;
import dev.genlab.metrics.classifier.ClassifierModel;
import dev.genlab.model.GenerationRecord;
import dev.genlab.model.GenerationRequest;
import dev.genlab.model.Generator;
import dev.genlab.model.Sample;
import dev.genlab.model.SamplerSettings;
import dev.genlab.modelstore.ModelDirectory;
import dev.genlab.text.Captions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether a text-to-image model follows its prompts: the share of samples that the classifier puts in the
 * class a prompt describes. Measured on training captions and, separately, on paraphrases held out of
 * training, the honest test of whether the text encoder's understanding is used rather than memorised
 * strings.
 */
public final class PromptAccuracy {

    /** A prompt and the class (the classifier's index) it describes. */
    public record Prompt(String text, int classIndex) {}

    /** Overall share, per class, and how many samples it rests on. */
    public record Result(double accuracy, Map<String, Double> perClass, int samples) {}

    private static final int BATCH = 100;

    private PromptAccuracy() {}

    /** {@code perClass} training captions of every class (seeded), for the classifier's classes. */
    public static List<Prompt> trainingPrompts(List<String> classes, int perClass, long seed) {
        Captions captions = new Captions(classes);
        List<Prompt> out = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            SeededRandom rng = SeededRandom.derive(seed, c);
            for (int k = 0; k < perClass; k++) {
                out.add(new Prompt(captions.caption(c, rng), c));
            }
        }
        return out;
    }

    /** Every held-out paraphrase of every class. */
    public static List<Prompt> heldOutPrompts(List<String> classes) {
        Captions captions = new Captions(classes);
        List<Prompt> out = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            for (String p : captions.heldOut(c)) {
                out.add(new Prompt(p, c));
            }
        }
        return out;
    }

    /**
     * @param n       samples per prompt (seeds seed … seed + n − 1)
     * @param sampler the sampler settings, or null for the model's
     */
    public static Result measure(Generator g, ClassifierModel classifier, List<Prompt> prompts, int n, long seed,
            SamplerSettings sampler, Map<String, String> extraOptions) {
        int[] hits = new int[classifier.classNames().size()];
        int[] total = new int[hits.length];
        for (Prompt p : prompts) {
            Map<String, String> options = new LinkedHashMap<>(extraOptions);
            options.put(GenerationRecord.PROMPT, p.text());
            List<Image> images = new ArrayList<>(n);
            for (int start = 0; start < n; start += BATCH) {
                long[] seeds = Seeds.range(seed + start, Math.min(BATCH, n - start));
                for (Sample s : g.generate(new GenerationRequest(seeds, null, 1.0, sampler, options))) {
                    images.add(s.image());
                }
            }
            ClassifierModel.Outputs o = classifier.run(images);
            for (int i = 0; i < images.size(); i++) {
                hits[p.classIndex()] += o.predicted(i) == p.classIndex() ? 1 : 0;
                total[p.classIndex()]++;
            }
        }
        Map<String, Double> perClass = new LinkedHashMap<>();
        int h = 0;
        int t = 0;
        for (int c = 0; c < hits.length; c++) {
            if (total[c] > 0) {
                perClass.put(classifier.classNames().get(c), hits[c] / (double) total[c]);
                h += hits[c];
                t += total[c];
            }
        }
        return new Result(t == 0 ? Double.NaN : h / (double) t, perClass, t);
    }

    /** The model card's figures: accuracy on training captions and on held-out paraphrases. */
    public static Map<String, Double> card(Generator g, ModelDirectory classifierDir, NDManager manager, int n) {
        Map<String, Double> out = new LinkedHashMap<>();
        try (ClassifierModel c = ClassifierModel.load(classifierDir, manager)) {
            out.put("prompt_accuracy", measure(g, c, trainingPrompts(c.classNames(), 3, 0), n, 0, null, Map.of())
                    .accuracy());
            out.put("held_out_prompt_accuracy", measure(g, c, heldOutPrompts(c.classNames()), n, 0, null, Map.of())
                    .accuracy());
        }
        return out;
    }
}
