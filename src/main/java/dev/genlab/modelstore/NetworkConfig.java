package dev.genlab.modelstore;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What a family's architecture settings put into config.json besides provenance and metrics: the image
 * shape, the classes it is conditioned on (none for an unconditional model) and the family's own network
 * object, which only that family reads back.
 */
public interface NetworkConfig {

    ImageShape image();

    /** Class names of a class-conditional model; empty for an unconditional one. */
    default List<String> classes() {
        return List.of();
    }

    JsonNode networkJson();

    default boolean conditional() {
        return !classes().isEmpty();
    }

    default int numClasses() {
        return classes().size();
    }
}
