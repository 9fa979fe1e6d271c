package dev.genlab.model;

import dev.genlab.data.Image;
import java.util.List;

/** A model whose latent space can be walked from one seed's image to another's. */
public interface Interpolator {

    /** @param classA, classB classes at the two ends, or null for each seed's own */
    List<Image> interpolate(long seedA, long seedB, int frames, Integer classA, Integer classB, double temperature);
}
