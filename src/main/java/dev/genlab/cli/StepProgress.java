package dev.genlab.cli;

import dev.genlab.model.GenerationRequest;
import dev.genlab.model.ForwardingGenerator;
import dev.genlab.model.Generator;
import dev.genlab.model.Sample;
import dev.genlab.model.Stepwise;
import dev.genlab.sampling.Samplers;
import java.util.List;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar per micro-batch for models whose images take many network calls (Stable Diffusion on a
 * CPU: seconds a step): the calls done, steps per second and the time left, on stderr.
 */
final class StepProgress extends ForwardingGenerator {

    private final Stepwise stepwise;
    private final int images;
    private int done;

    /** @param images how many images the run makes, for the bar's title */
    StepProgress(Generator inner, int images) {
        super(inner);
        this.stepwise = (Stepwise) inner;
        this.images = images;
    }

    /** Whether a bar helps: a text-to-image diffusion model, run from a terminal (logs get no bars). */
    static boolean wanted(Generator g) {
        return g instanceof Stepwise && g.defaultSampler() != null && g.followsPrompts() && System.console() != null;
    }

    @Override
    public List<Sample> generate(GenerationRequest request) {
        var s = request.sampler() != null ? request.sampler() : inner.defaultSampler();
        int calls = Samplers.evaluations(s.sampler(), s.steps());
        int n = request.seeds().length;
        String title = n == 1 ? String.format("image %d/%d", done + 1, images)
                : String.format("images %d-%d/%d", done + 1, done + n, images);
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName(title).setInitialMax(calls).setUnit(" steps", 1)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(1000).continuousUpdate().showSpeed()
                .build()) {
            List<Sample> out = stepwise.generateReporting(request, call -> bar.stepTo(call + 1));
            bar.stepTo(calls);
            done += n;
            return out;
        }
    }
}
