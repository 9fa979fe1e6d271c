package dev.genlab.model;

import dev.genlab.data.Image;
import dev.genlab.modelstore.ImageShape;
import java.util.List;

/** A model that can encode an image and decode it again (autoencoders). */
public interface Reconstructor {

    /** One reconstructed image; {@code classInferred} when the model chose the class itself. */
    record Reconstruction(Image input, Image output, Integer classIndex, boolean classInferred, double mse,
            double psnr) {}

    /**
     * The shape an input image of {@code width × height} is read at: the model's own by default (inputs are
     * scaled to it); a convolutional autoencoder takes any size its downsampling divides.
     */
    default ImageShape inputShape(int width, int height, ImageShape modelShape) {
        return modelShape;
    }

    /** @param classIndex the class of every input, or null to let the model infer each one */
    List<Reconstruction> reconstruct(List<Image> inputs, Integer classIndex);

    /**
     * As {@link #reconstruct(List, Integer)}, encoding and decoding in overlapping tiles of {@code tile} pixels
     * a side (0: whole images), for images too large for the model's activations at once. Only models that
     * work in tiles (Stable Diffusion's VAE) take a tile size.
     */
    default List<Reconstruction> reconstruct(List<Image> inputs, Integer classIndex, int tile) {
        if (tile != 0) {
            throw new dev.genlab.core.UsageException("--tile is for Stable Diffusion's VAE, whose images can be "
                    + "larger than its activations fit in memory; this model reconstructs whole images");
        }
        return reconstruct(inputs, classIndex);
    }

    /** Mean squared difference of two images of the same shape. */
    static double mse(Image a, Image b) {
        double s = 0;
        for (int i = 0; i < a.pixels().length; i++) {
            double d = a.pixels()[i] - b.pixels()[i];
            s += d * d;
        }
        return s / a.pixels().length;
    }

    /** Peak signal-to-noise ratio in dB for images in [0, 1]; capped at 100 dB for identical images. */
    static double psnr(double mse) {
        return mse <= 1e-10 ? 100.0 : 10 * Math.log10(1.0 / mse);
    }

    /** The inputs back to back, (B, C, H, W), after checking that each has the model's shape. */
    static float[] stack(List<Image> inputs, ImageShape shape) {
        int n = shape.channels() * shape.height() * shape.width();
        float[] flat = new float[inputs.size() * n];
        for (int i = 0; i < inputs.size(); i++) {
            Image im = inputs.get(i);
            if (im.channels() != shape.channels() || im.height() != shape.height() || im.width() != shape.width()) {
                throw new dev.genlab.core.GenlabException("image is " + im.width() + "x" + im.height() + "x"
                        + im.channels() + " but the model takes " + shape.size() + "x" + shape.channels());
            }
            System.arraycopy(im.pixels(), 0, flat, i * n, n);
        }
        return flat;
    }
}
