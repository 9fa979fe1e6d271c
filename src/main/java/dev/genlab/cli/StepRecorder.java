package dev.genlab.cli;

import dev.genlab.core.UsageException;
import dev.genlab.data.Image;
import dev.genlab.data.png.ImageGrid;
import dev.genlab.model.GenerationRequest;
import dev.genlab.model.ForwardingGenerator;
import dev.genlab.model.Generator;
import dev.genlab.model.Sample;
import dev.genlab.model.SamplerSettings;
import dev.genlab.model.Stepwise;
import dev.genlab.modelstore.ModelDirectory;
import java.util.ArrayList;
import java.util.List;

/**
 * For {@code --show-steps}: a generator that passes every call through to an iterative model and keeps the
 * model's estimate of the finished images after each network call, so each image's formation can be
 * written as a strip.
 */
final class StepRecorder extends ForwardingGenerator {

    /** Frames in a strip at most, the last being the finished image. */
    static final int FRAMES = 10;

    private final Stepwise stepwise;
    private final List<List<Image>> calls = new ArrayList<>();

    StepRecorder(Generator inner) {
        super(inner);
        if (!(inner instanceof Stepwise s)) {
            throw new UsageException("--show-steps needs an iterative model (diffusion); " + inner.model().name()
                    + " makes its images in one pass");
        }
        this.stepwise = s;
    }

    @Override
    public List<Sample> generate(GenerationRequest request) {
        calls.clear();
        return stepwise.generate(request, (i, images) -> calls.add(images));
    }

    /** The strip of image {@code position} of the last micro-batch: evenly spaced estimates, then the result. */
    Image strip(int position, Image finished) {
        List<Image> frames = new ArrayList<>();
        int n = calls.size();
        int shown = Math.min(FRAMES - 1, n);
        for (int k = 0; k < shown; k++) {
            frames.add(calls.get(shown == 1 ? 0 : (int) Math.round((double) k * (n - 1) / (shown - 1))).get(position));
        }
        frames.add(finished);
        return ImageGrid.of(frames, frames.size());
    }
}
