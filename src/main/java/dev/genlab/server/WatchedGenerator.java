package dev.genlab.server;

import dev.genlab.model.ForwardingGenerator;
import dev.genlab.model.GenerationRequest;
import dev.genlab.model.Generator;
import dev.genlab.model.Sample;
import dev.genlab.model.Stepwise;
import java.util.List;

/**
 * A model as a job runs it: every network call of an iterative model (each micro-batch of a one-pass model)
 * is a step of the job's progress and a point where an interrupt, a cancel or the job's timeout stops it.
 */
final class WatchedGenerator extends ForwardingGenerator {

    private final Job job;
    private final Runnable onStep;

    WatchedGenerator(Generator inner, Job job, Runnable onStep) {
        super(inner);
        this.job = job;
        this.onStep = onStep;
    }

    /** Whether the model reports each network call (diffusion), or only whole micro-batches. */
    static boolean stepwise(Generator g) {
        return g instanceof Stepwise && g.defaultSampler() != null;
    }

    @Override
    public List<Sample> generate(GenerationRequest request) {
        job.checkpoint();
        if (stepwise(inner)) {
            return ((Stepwise) inner).generateReporting(request, call -> step());
        }
        List<Sample> out = inner.generate(request);
        step();
        return out;
    }

    private void step() {
        job.stepDone();
        onStep.run();
        job.checkpoint();
    }
}
