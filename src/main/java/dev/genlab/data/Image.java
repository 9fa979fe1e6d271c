package dev.genlab.data;

import java.util.Arrays;

/**
 * One image as floats in [0, 1], channels first: {@code pixels[(c * height + y) * width + x]}.
 * Models produce and consume this; PNG files hold its 8-bit form.
 */
public record Image(int channels, int height, int width, float[] pixels) {

    public Image {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        if (pixels.length != channels * height * width) {
            throw new IllegalArgumentException("expected " + channels * height * width + " pixels, got "
                    + pixels.length);
        }
    }

    /**
     * This image shrunk by a whole factor, each output pixel the mean of a factor × factor block (edges that do
     * not fill a block are dropped): a thumbnail for reports.
     */
    public Image downscaled(int factor) {
        if (factor < 1 || factor > Math.min(height, width)) {
            throw new IllegalArgumentException("factor must be between 1 and " + Math.min(height, width) + ", got "
                    + factor);
        }
        if (factor == 1) {
            return this;
        }
        int h = height / factor;
        int w = width / factor;
        float[] out = new float[channels * h * w];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float sum = 0;
                    for (int dy = 0; dy < factor; dy++) {
                        for (int dx = 0; dx < factor; dx++) {
                            sum += pixels[(c * height + y * factor + dy) * width + x * factor + dx];
                        }
                    }
                    out[(c * h + y) * w + x] = sum / (factor * factor);
                }
            }
        }
        return new Image(channels, h, w, out);
    }

    /** The 8-bit value of a float in [0, 1] (clamped, rounded half up): the one quantisation genlab uses. */
    public static int toByte(float v) {
        float c = v < 0f ? 0f : (v > 1f ? 1f : v);
        return (int) (c * 255f + 0.5f);
    }

    /** Pixels as 8-bit values, interleaved per pixel (gray, or R G B), row by row: PNG's layout. */
    public byte[] toInterleavedBytes() {
        byte[] out = new byte[pixels.length];
        int plane = height * width;
        for (int i = 0; i < plane; i++) {
            for (int c = 0; c < channels; c++) {
                out[i * channels + c] = (byte) toByte(pixels[c * plane + i]);
            }
        }
        return out;
    }

    /** The inverse of {@link #toInterleavedBytes()}. */
    public static Image fromInterleavedBytes(int channels, int height, int width, byte[] bytes) {
        int plane = height * width;
        float[] px = new float[channels * plane];
        for (int i = 0; i < plane; i++) {
            for (int c = 0; c < channels; c++) {
                px[c * plane + i] = (bytes[i * channels + c] & 0xFF) / 255f;
            }
        }
        return new Image(channels, height, width, px);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Image i && i.channels == channels && i.height == height && i.width == width
                && Arrays.equals(i.pixels, pixels);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(pixels) * 31 + channels * 7 + height * 3 + width;
    }

    @Override
    public String toString() {
        return "Image[" + channels + "x" + height + "x" + width + "]";
    }
}
