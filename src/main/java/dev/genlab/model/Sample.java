package dev.genlab.model;

import dev.genlab.data.Image;

/**
 * One generated image with what determined it.
 *
 * @param classIndex the class it was generated for, or null for an unconditional model
 */
public record Sample(long seed, Image image, Integer classIndex) {}
