package dev.genlab.model.procedural;

import dev.genlab.data.Image;
import java.util.List;

/**
 * Textures from fractal Brownian motion over Perlin noise (Musgrave's fBm), optionally domain-warped
 * (Quilez: the noise is looked up at a point displaced by two other fBm fields), coloured by a map after
 * stretching the image's own range to [0, 1].
 */
final class FbmRenderer implements Renderer {

    private static final List<Option> OPTIONS = List.of(
            Option.number("scale", "noise features across the image width", 4, 0.01, 1024),
            Option.integer("octaves", "layers of noise, each finer than the last", 6, 1, 16),
            Option.number("lacunarity", "frequency factor from one octave to the next", 2, 1, 8),
            Option.number("gain", "amplitude factor from one octave to the next", 0.5, 0, 1),
            Option.number("warp", "domain-warp strength (0 = plain fBm)", 0, 0, 8),
            Option.choice("colormap", "colour map", "terrain", ColorMap.NAMES));

    @Override
    public List<Option> options() {
        return OPTIONS;
    }

    @Override
    public Image render(Settings s, long seed) {
        PerlinNoise noise = new PerlinNoise(seed);
        int w = s.width();
        int h = s.height();
        double scale = s.number("scale");
        int octaves = s.integer("octaves");
        double lacunarity = s.number("lacunarity");
        double gain = s.number("gain");
        double warp = s.number("warp");
        double[] v = new double[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double px = (x + 0.5) / w * scale;
                double py = (y + 0.5) / w * scale; // same unit on both axes: no stretching for non-square sizes
                if (warp > 0) {
                    double qx = noise.fbm(px + 5.2, py + 1.3, octaves, lacunarity, gain);
                    double qy = noise.fbm(px + 1.7, py + 9.2, octaves, lacunarity, gain);
                    px += warp * qx;
                    py += warp * qy;
                }
                v[y * w + x] = noise.fbm(px, py, octaves, lacunarity, gain);
            }
        }
        return Pixels.stretched(v, w, h, s.colorMap());
    }
}
