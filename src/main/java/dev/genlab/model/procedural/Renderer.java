package dev.genlab.model.procedural;

import dev.genlab.data.Image;
import java.util.List;

/** One procedural algorithm: its options and an image from settings and a seed (pure Java, deterministic). */
public interface Renderer {

    /** The options besides the size, in the order they are listed. */
    List<Option> options();

    /** The RGB image for {@code seed}; the same settings and seed give the same pixels on every machine. */
    Image render(Settings settings, long seed);
}
