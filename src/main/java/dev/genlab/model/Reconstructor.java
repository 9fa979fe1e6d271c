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
}
