/**
 * Adaptive discriminator augmentation (StyleGAN2-ADA) shared by both GAN families. Imports core and nn.
 */
package dev.genlab.train.augment;
