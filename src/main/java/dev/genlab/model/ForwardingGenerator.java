package dev.genlab.model;

import dev.genlab.modelstore.ModelDirectory;
import java.util.List;
import java.util.Map;

/**
 * A generator that passes everything to the model it wraps, so that a wrapper which watches generation
 * (--show-steps, the progress bar, a server job's progress) changes nothing else: prompts, settings and
 * defaults stay the model's.
 */
public abstract class ForwardingGenerator implements Generator {

    protected final Generator inner;

    protected ForwardingGenerator(Generator inner) {
        this.inner = inner;
    }

    @Override
    public ModelDirectory model() {
        return inner.model();
    }

    @Override
    public List<String> classNames() {
        return inner.classNames();
    }

    @Override
    public boolean followsPrompts() {
        return inner.followsPrompts();
    }

    @Override
    public SamplerSettings defaultSampler() {
        return inner.defaultSampler();
    }

    @Override
    public Map<String, String> resolveOptions(Map<String, String> given) {
        return inner.resolveOptions(given);
    }

    @Override
    public List<String> describeSettings() {
        return inner.describeSettings();
    }

    @Override
    public boolean batchingHelps() {
        return inner.batchingHelps();
    }

    @Override
    public int largestBatch() {
        return inner.largestBatch();
    }

    @Override
    public String qualityNotApplicable() {
        return inner.qualityNotApplicable();
    }

    @Override
    public List<Sample> generate(GenerationRequest request) {
        return inner.generate(request);
    }

    @Override
    public void close() {
        inner.close();
    }
}
