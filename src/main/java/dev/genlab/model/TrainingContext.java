package dev.genlab.model;

import ai.djl.ndarray.NDManager;
import dev.genlab.modelstore.ModelDirectory;
import java.util.Map;
import java.util.function.Function;

/**
 * What a family's train subcommand gets from the command line it runs under: the engine on the chosen
 * device and threads, the installed models, and the metrics that measure a finished generator. The
 * families sit below the metrics and the catalogue, so they reach them only through this.
 */
public interface TrainingContext {

    /** Starts the engine with the user's --device and --threads; the caller closes the manager. */
    NDManager newManager();

    /** The folder of the installed model {@code name}, or null when none is installed. */
    ModelDirectory installed(String name);

    /**
     * Measures a finished generator for its model card: FD-FMNIST and friends of {@code samples} samples, and
     * for a model that follows prompts its prompt accuracy with {@code samplesPerPrompt} samples per prompt (0:
     * not measured). Empty when the classifier {@code classifierName} is not installed; it is looked up when
     * the function runs, since it may be installed while a long run goes on.
     */
    Function<Generator, Map<String, Double>> quality(String classifierName, int samples, int samplesPerPrompt,
            NDManager manager);
}
