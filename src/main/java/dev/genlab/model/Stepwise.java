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
}
