package dev.genlab.train.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import dev.genlab.core.SeededRandom;
import dev.genlab.nn.Tensors;

/**
 * The augmentations of ADA that suit Fashion-MNIST, each applied to an image with probability p and built
 * from tensor operations, so that gradients flow through them to the generator (fakes are augmented too,
 * or the generator would learn to produce augmented images): horizontal flip, rotation by a multiple of
 * 90°, integer translation by up to 1/8 of the size (filled with the background value, black in the
 * caller's range: 0 for DCGAN's [0, 1], −1 for StyleGAN's [−1, 1], so that a shift adds no band the data
 * never has), brightness (+N(0, 0.2²)) and contrast (×lognormal(0, (0.5·ln 2)²) around the image's mean).
 */
public final class Augmentation {

    private Augmentation() {}

    /**
     * Augments each image of (B, C, H, W) with probability p per transform, drawing from {@code rnd};
     * {@code background} fills what a translation uncovers.
     */
    public static NDArray apply(NDArray x, double p, float background, SeededRandom rnd) {
        if (p <= 0) {
            return x;
        }
        long b = x.getShape().get(0);
        NDList out = new NDList();
        for (int i = 0; i < b; i++) {
            NDArray im = x.get(i); // (C, H, W)
            if (rnd.nextDouble() < p) {
                im = im.flip(2);
            }
            if (rnd.nextDouble() < p) {
                int quarter = 1 + rnd.nextInt(3);
                for (int q = 0; q < quarter; q++) {
                    im = im.transpose(0, 2, 1).flip(2); // 90° clockwise
                }
            }
            if (rnd.nextDouble() < p) {
                int max = (int) Math.max(1, im.getShape().get(1) / 8);
                im = shift(im, rnd.nextInt(2 * max + 1) - max, rnd.nextInt(2 * max + 1) - max, background);
            }
            if (rnd.nextDouble() < p) {
                im = im.add((float) (rnd.nextGaussian() * 0.2));
            }
            if (rnd.nextDouble() < p) {
                float factor = (float) Math.exp(rnd.nextGaussian() * 0.5 * Math.log(2));
                NDArray mean = im.mean();
                im = Tensors.scale(im.sub(mean), factor).add(mean);
            }
            out.add(im);
        }
        return NDArrays.stack(out);
    }

    /** Moves a (C, H, W) image by (dy, dx) pixels, filling with {@code fill}. */
    static NDArray shift(NDArray im, int dy, int dx, float fill) {
        return shiftAxis(shiftAxis(im, dy, 1, fill), dx, 2, fill);
    }

    private static NDArray shiftAxis(NDArray im, int d, int axis, float fill) {
        if (d == 0) {
            return im;
        }
        long n = im.getShape().get(axis);
        long[] bandShape = im.getShape().getShape().clone();
        bandShape[axis] = Math.abs(d);
        NDArray band = im.getManager().full(new Shape(bandShape), fill);
        String keep = d > 0 ? "0:" + (n - d) : (-d) + ":";
        NDArray kept = axis == 1 ? im.get(":, " + keep) : im.get(":, :, " + keep);
        return d > 0 ? band.concat(kept, axis) : kept.concat(band, axis);
    }
}
