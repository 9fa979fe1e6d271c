package dev.genlab.model;

import dev.genlab.data.Image;
import java.util.List;

/** A model whose latent space can be walked from one seed's image to another's. */
public interface Interpolator {

    /** @param classA, classB classes at the two ends, or null for each seed's own */
    List<Image> interpolate(long seedA, long seedB, int frames, Integer classA, Integer classB, double temperature);

    /** The latent spaces this model can walk in, its default first. */
    default List<String> spaces() {
        return List.of("z");
    }

    /** A walk in {@code space}, one of {@link #spaces()}. */
    default List<Image> interpolate(long seedA, long seedB, int frames, Integer classA, Integer classB,
            double temperature, String space) {
        if (!spaces().contains(space)) {
            throw new dev.genlab.core.UsageException("--space must be one of " + String.join(", ", spaces())
                    + " for this model, got '" + space + "'");
        }
        return interpolate(seedA, seedB, frames, classA, classB, temperature);
    }
}
