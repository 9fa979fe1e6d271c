package dev.genlab.model.flow;

import ai.djl.ndarray.NDManager;
import dev.genlab.model.FamilyTrainCommand;
import dev.genlab.model.TrainingContext;
import dev.genlab.train.options.LikelihoodEvalArgs;
import dev.genlab.train.options.TrainingArgs;
import dev.genlab.train.options.TrainingSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code genlab train flow}. */
@Command(name = "flow", mixinStandardHelpOptions = true, description = {"Train a multi-scale normalizing flow "
    + "(RealNVP/Glow: exact likelihood, fast sampling).", "The model card gets the test split's bits per "
    + "dimension."})
final class FlowTrainCommand extends FamilyTrainCommand {

    @Mixin
    TrainingArgs t = new TrainingArgs();

    @Option(names = "--levels", defaultValue = "2", description = "Scales (default: ${DEFAULT-VALUE}).")
    int levels;

    @Option(names = "--steps-per-level", defaultValue = "6", description = "Flow steps per scale "
            + "(default: ${DEFAULT-VALUE}).")
    int stepsPerLevel;

    @Option(names = "--hidden", defaultValue = "64", description = "Channels of the coupling networks "
            + "(default: ${DEFAULT-VALUE}).")
    int hidden;

    @Mixin
    LikelihoodEvalArgs eval = new LikelihoodEvalArgs();

    @Override
    protected int train(TrainingContext context) {
        var o = new FlowTrainer.Options(t.toOptions(), levels, stepsPerLevel, hidden, eval.evalImages());
        try (NDManager manager = context.newManager()) {
            var result = new FlowTrainer(System.err).train(o, manager);
            TrainingSummary.written(result.modelDir(), result.state(), "");
        }
        return 0;
    }
}
