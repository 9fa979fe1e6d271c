package dev.genlab.model;

import dev.genlab.data.Image;
import java.util.List;
import java.util.function.BiConsumer;

/** A generator that forms its images over several network calls, which a caller may watch. */
public interface Stepwise {

    /**
     * Generates as {@link Generator#generate} does, calling {@code eachCall} after every network call with
     * the call's index and the current estimate of the finished images.
     */
    List<Sample> generate(GenerationRequest request, BiConsumer<Integer, List<Image>> eachCall);

    /**
     * Generates, calling {@code afterCall} with the index of each network call as it finishes, for progress
     * reports. Models whose estimate is costly to decode override this not to decode it.
     */
    default List<Sample> generateReporting(GenerationRequest request, java.util.function.IntConsumer afterCall) {
        return generate(request, (i, images) -> afterCall.accept(i));
    }
}
