package dev.genlab.model;

import dev.genlab.data.Image;
import java.util.List;

/**
 * A style-based generator's walks: through z (the default) or through w, the space StyleGAN's papers measure
 * path length in (see {@link StyleSettings#walk}).
 */
public interface StyleInterpolator extends Interpolator {

    @Override
    default List<String> spaces() {
        return List.of("z", "w");
    }

    @Override
    default List<Image> interpolate(long seedA, long seedB, int frames, Integer classA, Integer classB,
            double temperature) {
        return interpolate(seedA, seedB, frames, classA, classB, temperature, "z");
    }

    @Override
    List<Image> interpolate(long seedA, long seedB, int frames, Integer classA, Integer classB, double temperature,
            String space);
}
