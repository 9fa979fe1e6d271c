package dev.genlab.model.sd;

import java.util.ArrayList;
import java.util.List;

/**
 * Overlapping tiles over an image, and the weighted blend that joins what each tile became: how the VAE encodes
 * and decodes images too large to hold its activations for at once (`--tile`). Each tile is the same square
 * (a smaller one only when the image is); tiles step by the tile less the overlap and the last one on an axis
 * ends at the image's edge. In the blend a tile's weight ramps linearly across each overlap it shares with a
 * neighbour (and is 1 elsewhere), so two overlapping tiles' weights sum to one and no seam is a hard cut; the
 * sums are normalised, whatever the overlaps.
 *
 * <p>The result is not the untiled one: each tile's group norms and mid-block attention see only that tile,
 * as in diffusers' tiled VAE. A tile at least as large as the image is the untiled computation.
 */
final class VaeTiles {

    /** A tile: its first row and column and its height and width, in the grid's units. */
    record Tile(int y, int x, int height, int width) {
        Tile scaled(int f) {
            return new Tile(y * f, x * f, height * f, width * f);
        }
    }

    /** What a tile became: channels × (height · f) × (width · f) floats, f the blend's scale over the grid. */
    @FunctionalInterface
    interface TileWork {
        float[] apply(Tile tile);
    }

    /** The smallest tile `--tile` takes, in pixels: eight latent cells. */
    static final int MIN_PIXELS = 64;

    private final int height;
    private final int width;
    private final int[] rows;
    private final int[] columns;
    private final int tileHeight;
    private final int tileWidth;

    /**
     * @param tile    the tile's side, in the grid's units
     * @param overlap how much neighbouring tiles share, less than {@code tile}
     */
    VaeTiles(int height, int width, int tile, int overlap) {
        if (tile < 1 || overlap < 0 || overlap >= tile) {
            throw new IllegalArgumentException("tile " + tile + " with overlap " + overlap);
        }
        this.height = height;
        this.width = width;
        tileHeight = Math.min(tile, height);
        tileWidth = Math.min(tile, width);
        rows = starts(height, tileHeight, overlap);
        columns = starts(width, tileWidth, overlap);
    }

    /**
     * The VAE's tiles over a latent grid of {@code height × width} cells for tiles of {@code pixels} pixels a side
     * ({@code f} pixels a cell), neighbours sharing a quarter of a tile (diffusers' default), at least a cell.
     */
    static VaeTiles overLatents(int height, int width, int pixels, int f) {
        int cells = pixels / f;
        return new VaeTiles(height, width, cells, Math.max(1, cells / 4));
    }

    /** `--tile`'s value checked: a side in pixels, a multiple of 8 of at least {@link #MIN_PIXELS}, or 0 (none). */
    static int pixels(String text) {
        try {
            return checked(Integer.parseInt(text.trim()), text);
        } catch (NumberFormatException e) {
            return checked(-1, text);
        }
    }

    /** A tile side given as a number, checked as {@link #pixels} checks text. */
    static int checked(int pixels) {
        return checked(pixels, Integer.toString(pixels));
    }

    private static int checked(int v, String given) {
        if (v != 0 && (v < MIN_PIXELS || v % 8 != 0)) {
            throw new dev.genlab.core.UsageException("--tile is a tile's side in pixels, a multiple of 8 of at least "
                    + MIN_PIXELS + " (512 is SD 1.x's own size; 0 for none), got '" + given + "'");
        }
        return v;
    }

    /** Where the tiles of an axis start: every {@code tile − overlap}, the last flush with the end. */
    static int[] starts(int size, int tile, int overlap) {
        List<Integer> out = new ArrayList<>();
        int step = tile - Math.min(overlap, tile - 1);
        for (int s = 0; ; s += step) {
            if (s + tile >= size) {
                out.add(size - tile);
                break;
            }
            out.add(s);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    List<Tile> tiles() {
        List<Tile> out = new ArrayList<>();
        for (int r : rows) {
            for (int c : columns) {
                out.add(new Tile(r, c, tileHeight, tileWidth));
            }
        }
        return out;
    }

    boolean single() {
        return rows.length == 1 && columns.length == 1;
    }

    /**
     * Runs {@code work} on each tile and blends the results into channels × (height · f) × (width · f) floats,
     * f the scale of the results over the grid: on a latent grid, 8 for the decoder's pixels, 1 for the
     * encoder's latents (its work reads the tile's pixels, {@link Tile#scaled}).
     */
    float[] blend(int channels, int f, TileWork work) {
        int h = height * f;
        int w = width * f;
        float[] sum = new float[channels * h * w];
        float[] weights = new float[h * w];
        float[] rowRamp = new float[tileHeight * f];
        float[] columnRamp = new float[tileWidth * f];
        for (int i = 0; i < rows.length; i++) {
            ramp(rowRamp, rows, i, tileHeight, f);
            for (int j = 0; j < columns.length; j++) {
                ramp(columnRamp, columns, j, tileWidth, f);
                Tile t = new Tile(rows[i], columns[j], tileHeight, tileWidth);
                float[] out = work.apply(t);
                int th = tileHeight * f;
                int tw = tileWidth * f;
                if (out.length != channels * th * tw) {
                    throw new IllegalStateException("a tile gave " + out.length + " values, not " + channels * th * tw);
                }
                int y0 = rows[i] * f;
                int x0 = columns[j] * f;
                for (int y = 0; y < th; y++) {
                    for (int x = 0; x < tw; x++) {
                        float wt = rowRamp[y] * columnRamp[x];
                        int at = (y0 + y) * w + x0 + x;
                        weights[at] += wt;
                        for (int c = 0; c < channels; c++) {
                            sum[c * h * w + at] += wt * out[(c * th + y) * tw + x];
                        }
                    }
                }
            }
        }
        for (int c = 0; c < channels; c++) {
            for (int p = 0; p < h * w; p++) {
                sum[c * h * w + p] /= weights[p];
            }
        }
        return sum;
    }

    /**
     * Tile i's weights along an axis, at the results' scale: rising across the part it shares with the tile
     * before, falling across the part it shares with the tile after (half-sample offsets keep every weight
     * above zero), 1 between.
     */
    private static void ramp(float[] into, int[] starts, int i, int tile, int f) {
        int n = tile * f;
        int start = starts[i] * f;
        int end = start + n;
        int sharedBefore = i > 0 ? starts[i - 1] * f + n - start : 0;
        int sharedAfter = i + 1 < starts.length ? end - starts[i + 1] * f : 0;
        for (int p = 0; p < n; p++) {
            float up = sharedBefore > 0 ? Math.min(1f, (p + 0.5f) / sharedBefore) : 1f;
            float down = sharedAfter > 0 ? Math.min(1f, (n - p - 0.5f) / sharedAfter) : 1f;
            into[p] = Math.min(up, down);
        }
    }
}
