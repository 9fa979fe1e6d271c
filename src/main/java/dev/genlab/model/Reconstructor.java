package dev.genlab.model;

import dev.genlab.data.Image;
import java.util.List;

/** A model that can encode an image and decode it again (autoencoders). */
public interface Reconstructor {

    /** One reconstructed image; {@code classInferred} when the model chose the class itself. */
    record Reconstruction(Image input, Image output, Integer classIndex, boolean classInferred, double mse,
            double psnr) {}

    /** @param classIndex the class of every input, or null to let the model infer each one */
    List<Reconstruction> reconstruct(List<Image> inputs, Integer classIndex);

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
}
