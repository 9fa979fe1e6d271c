package dev.genlab.model;

import dev.genlab.data.Image;
import java.util.function.IntConsumer;

/**
 * A generator that can search its latent space for an image: projection, as StyleGAN2-ADA's projector finds
 * the w whose image is closest to a photograph.
 */
public interface Projector {

    /**
     * @param steps      optimisation steps
     * @param seed       the projection's own randomness (its starting noise maps and w perturbations)
     * @param classIndex the class of a class-conditional network, else null
     */
    record Settings(int steps, long seed, Integer classIndex) {}

    /**
     * What a projection found: the image of the final latent, the latent itself ({@code latentShape}, flat in
     * C order), the distance to the target after each step and what that distance is.
     */
    record Projection(Image image, long[] latentShape, float[] latent, double[] distances, String distance) {}

    /** The side of the square image the model makes: targets are cropped to a square and scaled to it. */
    int projectionSide();

    /** @param afterStep told each step's index (from 0) once the step is done */
    Projection project(Image target, Settings settings, IntConsumer afterStep);
}
