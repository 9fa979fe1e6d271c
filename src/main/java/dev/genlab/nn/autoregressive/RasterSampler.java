package dev.genlab.nn.autoregressive;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.genlab.nn.Tensors;
import java.util.function.UnaryOperator;

/**
 * A gated PixelCNN's logits position by position in raster order, without running the whole network for
 * every position. A row's vertical stack depends only on the rows above it, so it runs once per row, on those
 * rows, and leaves each layer's link into the horizontal stack; a position's horizontal stack depends only on
 * its own row up to itself and on those links, so each position runs the horizontal stacks on one partial row.
 * For a 28×28 image that is a small fraction of the work of {@link GatedPixelCnn#logits} per pixel, with the
 * same logits up to float rounding.
 *
 * <p>{@link #fill} draws a whole grid; underneath, {@link #startRow} begins each row and {@link #logitsAt}
 * gives each position of it, left to right. The links live in the manager of the rows passed to
 * {@code startRow} (or the one given for row 0), closed when the row is done.
 */
public final class RasterSampler {

    private final GatedLayer[] layers;
    private final UnaryOperator<NDArray> head;
    private final NDArray[][] conditionBiases;
    private final NDArray[] links;

    RasterSampler(GatedLayer[] layers, UnaryOperator<NDArray> head, NDArray oneHot) {
        this.layers = layers;
        this.head = head;
        conditionBiases = new NDArray[layers.length][];
        for (int i = 0; i < layers.length; i++) {
            conditionBiases[i] = oneHot == null ? null : layers[i].conditionBiases(oneHot);
        }
        links = new NDArray[layers.length];
    }

    /** The values a grid holds (pixels, codes), as the model that owns them stores them. */
    public interface Grid {

        /**
         * The stack's input for rows {@code fromRow} until {@code toRow} and columns 0 until {@code columns} of
         * every grid of the batch, (B, in, toRow − fromRow, columns), made in {@code m}.
         */
        NDArray input(NDManager m, int fromRow, int toRow, int columns);

        /** Draws position ({@code row}, {@code col}) of each grid from its logits, B × levels in a row. */
        void draw(float[] logits, int row, int col);
    }

    /**
     * Draws every position from row {@code fromRow} on, in raster order: one pass of the vertical stacks a row,
     * one pass of the horizontal stacks a position.
     *
     * @param manager what the passes' arrays are made under (closed row by row)
     */
    public void fill(NDManager manager, long batch, int height, int width, int fromRow, Grid grid) {
        for (int row = fromRow; row < height; row++) {
            try (NDManager rowManager = manager.newSubManager()) {
                if (row == 0) {
                    startFirstRow(rowManager, batch, width);
                } else {
                    startRow(grid.input(rowManager, 0, row, width));
                }
                for (int col = 0; col < width; col++) {
                    float[] logits;
                    try (NDManager m = rowManager.newSubManager()) {
                        logits = logitsAt(grid.input(m, row, row + 1, col + 1)).toFloatArray();
                    }
                    grid.draw(logits, row, col);
                }
            }
        }
    }

    /**
     * Begins the row below {@code above}.
     *
     * @param above the network's input for the rows above the new one, (B, in, r, W) with r ≥ 1
     */
    public void startRow(NDArray above) {
        long rows = above.getShape().get(2);
        NDManager row = above.getManager();
        NDArray v = above;
        for (int i = 0; i < layers.length; i++) {
            // one layer's arrays at a time: kept to the row's end, every layer's pass over the rows above took
            // 13.5 GB at a batch of 1024 28x28 images; only its link and the next layer's input outlive it
            NDArray next = null;
            try (NDManager layer = row.newSubManager()) {
                v.tempAttach(layer);
                NDArray vp = layers[i].verticalPreactivation(v);
                NDArray lastRow = vp.get(new NDIndex().addAllDim().addAllDim().addSliceDim(rows - 1, rows));
                links[i] = layers[i].link(lastRow);
                links[i].attach(row);
                if (i + 1 < layers.length) {
                    next = layers[i].verticalOut(vp, conditionBiases[i]);
                    next.attach(row);
                }
            }
            if (v != above) {
                v.close();
            }
            v = next;
        }
    }

    /**
     * Begins the first row, which has nothing above it.
     *
     * @param rowManager where the row's links live
     */
    public void startFirstRow(NDManager rowManager, long batch, long width) {
        for (int i = 0; i < layers.length; i++) {
            links[i] = layers[i].link(rowManager.zeros(new Shape(batch, 2L * layers[i].channels(), 1, width)));
        }
    }

    /**
     * @param row the current row's input up to and including the position wanted, (B, in, 1, n); what the
     *            position itself holds does not matter
     * @return the logits of position n − 1 of the row, (B, levels)
     */
    public NDArray logitsAt(NDArray row) {
        long n = row.getShape().get(3);
        NDArray h = row;
        for (int i = 0; i < layers.length; i++) {
            NDArray link = Tensors.local(
                    links[i].get(new NDIndex().addAllDim().addAllDim().addAllDim().addSliceDim(0, n)), row);
            h = layers[i].horizontalOut(h, link, conditionBiases[i]);
        }
        // the head is 1×1 convolutions: only the wanted position needs its 256 logits
        NDArray last = h.get(new NDIndex().addAllDim().addAllDim().addAllDim().addSliceDim(n - 1, n));
        return head.apply(last).get(new NDIndex().addAllDim().addAllDim().addIndices(0).addIndices(0));
    }
}
