package dev.genlab.model.procedural;

import java.util.List;

/**
 * Colour maps: a value in [0, 1] to RGB by linear interpolation between a few stops. The perceptual maps
 * follow the shape of matplotlib's viridis and magma (stops sampled from them); the others are classic
 * palettes for terrain, water, fire and fractals.
 */
public enum ColorMap {
    VIRIDIS(0x440154, 0x3b528b, 0x21918c, 0x5ec962, 0xfde725),
    MAGMA(0x000004, 0x3b0f70, 0x8c2981, 0xde4968, 0xfe9f6d, 0xfcfdbf),
    TERRAIN(0x1f3b8c, 0x2a76c8, 0x3fb0d8, 0xe8dca0, 0x4f9b3a, 0x2e6b28, 0x7a6a55, 0xffffff),
    OCEAN(0x03051a, 0x0b2e59, 0x10628f, 0x3aa6b9, 0xb8f0e6),
    FIRE(0x000000, 0x5c0a00, 0xc42a00, 0xff8a00, 0xffe066, 0xffffff),
    /** Cyclic-looking bands for escape-time fractals. */
    ULTRA(0x000764, 0x206bcb, 0xedffff, 0xffaa00, 0x000200),
    GRAY(0x000000, 0xffffff);

    private final float[][] stops;

    ColorMap(int... rgb) {
        stops = new float[rgb.length][];
        for (int i = 0; i < rgb.length; i++) {
            stops[i] = new float[] {((rgb[i] >> 16) & 255) / 255f, ((rgb[i] >> 8) & 255) / 255f, (rgb[i] & 255) / 255f};
        }
    }

    public static final List<String> NAMES = java.util.Arrays.stream(values()).map(ColorMap::cliName).toList();

    public String cliName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static ColorMap of(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }

    /** Writes the colour of {@code t} (clamped to [0, 1]) into {@code rgb}. */
    public void color(double t, float[] rgb) {
        double x = (t < 0 ? 0 : t > 1 ? 1 : t) * (stops.length - 1);
        int i = Math.min((int) x, stops.length - 2);
        float f = (float) (x - i);
        for (int c = 0; c < 3; c++) {
            rgb[c] = stops[i][c] + (stops[i + 1][c] - stops[i][c]) * f;
        }
    }
}
