package dev.genlab.train.options;

import dev.genlab.core.UsageException;
import picocli.CommandLine.Option;

/** Options of the generators whose training keeps a weight average and ends by measuring the result. */
public final class MeasuredTrainingArgs {

    @Option(names = "--ema", defaultValue = "0.999", description = "Decay per step of the weight average that is "
            + "shipped (default: ${DEFAULT-VALUE}).")
    float ema;

    @Option(names = "--unconditional", description = "Ignore class labels.")
    boolean unconditional;

    @Option(names = "--classifier", defaultValue = "classifier", description = "Installed classifier that measures "
            + "the result for the model card (default: ${DEFAULT-VALUE}; skipped if not installed).")
    String classifierName;

    public float ema() {
        return checkedEma(ema);
    }

    public boolean conditional() {
        return !unconditional;
    }

    public String classifierName() {
        return classifierName;
    }

    /** An EMA decay as given on the command line, refused outside [0, 1). */
    public static float checkedEma(float ema) {
        if (!(ema >= 0 && ema < 1)) {
            throw new UsageException("--ema must be in [0, 1), got " + ema);
        }
        return ema;
    }
}
