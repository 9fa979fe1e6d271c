package dev.genlab.data.png;

import dev.genlab.data.Image;
import java.util.List;

/**
 * A contact sheet: images in rows and columns, scaled up by an integer factor with nearest-neighbour so a
 * 28×28 image stays sharp and big enough to look at, separated by thin gaps.
 */
public final class ImageGrid {

    /** Small images are scaled until a cell is at least this many pixels wide. */
    private static final int MIN_CELL = 112;
    private static final int GAP = 2;
    private static final float BACKGROUND = 0.5f;

    private ImageGrid() {}

    /**
     * Bytes a near-square grid of {@code count} images takes while it is made: the images kept for it, the
     * sheet's floats, and the PNG encoder's 8-bit scanlines and compressed output (at most as large again).
     */
    public static long bytes(int count, int channels, int height, int width) {
        int cols = (int) Math.ceil(Math.sqrt(count));
        int rows = (count + cols - 1) / cols;
        int scale = Math.max(1, (int) Math.ceil((double) MIN_CELL / Math.max(height, width)));
        long outW = (long) cols * width * scale + (cols + 1L) * GAP;
        long outH = (long) rows * height * scale + (rows + 1L) * GAP;
        long images = (long) count * channels * height * width * Float.BYTES;
        return images + outW * outH * channels * (Float.BYTES + 2L) + outH;
    }

    /** A near-square grid. */
    public static Image of(List<Image> images) {
        int cols = (int) Math.ceil(Math.sqrt(images.size()));
        return of(images, cols);
    }

    /** A grid with {@code columns} per row (one row for a strip). */
    public static Image of(List<Image> images, int columns) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("a grid needs at least one image");
        }
        Image first = images.get(0);
        int c = first.channels();
        int h = first.height();
        int w = first.width();
        int scale = Math.max(1, (int) Math.ceil((double) MIN_CELL / Math.max(h, w)));
        int cols = Math.min(columns, images.size());
        int rows = (images.size() + cols - 1) / cols;
        int outW = cols * w * scale + (cols + 1) * GAP;
        int outH = rows * h * scale + (rows + 1) * GAP;
        float[] px = new float[c * outH * outW];
        java.util.Arrays.fill(px, BACKGROUND);
        for (int k = 0; k < images.size(); k++) {
            Image img = images.get(k);
            if (img.channels() != c || img.height() != h || img.width() != w) {
                throw new IllegalArgumentException("all grid images must have the same size");
            }
            int ox = GAP + (k % cols) * (w * scale + GAP);
            int oy = GAP + (k / cols) * (h * scale + GAP);
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < h * scale; y++) {
                    for (int x = 0; x < w * scale; x++) {
                        px[(ch * outH + oy + y) * outW + ox + x] = img.pixels()[(ch * h + y / scale) * w + x / scale];
                    }
                }
            }
        }
        return new Image(c, outH, outW, px);
    }
}
