package dev.genlab.cli;

import ai.djl.ndarray.NDManager;
import dev.genlab.metrics.PromptAccuracy;
import dev.genlab.metrics.SampleQuality;
import dev.genlab.model.Generator;
import dev.genlab.model.TrainingContext;
import dev.genlab.modelstore.ModelDirectory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** A train subcommand's context: the engine, models and metrics as the user's common options choose them. */
final class CommandLineTrainingContext implements TrainingContext {

    private final CommonOptions common;

    /** {@code common} is filled in by picocli when the command line is parsed, before the command runs. */
    CommandLineTrainingContext(CommonOptions common) {
        this.common = common;
    }

    @Override
    public NDManager newManager() {
        return common.newManager();
    }

    @Override
    public ModelDirectory installed(String name) {
        return common.registry().findIfInstalled(name);
    }

    @Override
    public Function<Generator, Map<String, Double>> quality(String classifierName, int samples, int samplesPerPrompt,
            NDManager manager) {
        return g -> {
            ModelDirectory classifier = installed(classifierName);
            if (classifier == null) {
                return Map.of();
            }
            Map<String, Double> q = new LinkedHashMap<>(SampleQuality.measure(g, classifier, samples, manager));
            if (g.followsPrompts() && samplesPerPrompt > 0) {
                q.putAll(PromptAccuracy.card(g, classifier, manager, samplesPerPrompt));
            }
            return q;
        };
    }
}
