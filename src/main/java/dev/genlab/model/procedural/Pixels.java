package dev.genlab.model.procedural;

import dev.genlab.data.Image;

/** Turns a field of values into an RGB {@link Image} through a colour map. */
final class Pixels {

    private Pixels() {}

    /** Colours {@code values} after stretching their own range to [0, 1]. */
    static Image stretched(double[] values, int w, int h, ColorMap map) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return colored(values, w, h, min, max, map);
    }

    /** Colours {@code values} (row-major, w × h) after mapping [min, max] to [0, 1]; NaN is black. */
    static Image colored(double[] values, int w, int h, double min, double max, ColorMap map) {
        int plane = w * h;
        float[] px = new float[3 * plane];
        float[] rgb = new float[3];
        double range = max > min ? max - min : 1;
        for (int i = 0; i < plane; i++) {
            if (Double.isNaN(values[i])) {
                continue;
            }
            map.color((values[i] - min) / range, rgb);
            px[i] = rgb[0];
            px[plane + i] = rgb[1];
            px[2 * plane + i] = rgb[2];
        }
        return new Image(3, h, w, px);
    }
}
