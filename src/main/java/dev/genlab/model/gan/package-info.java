/**
 * The DCGAN family: generator, discriminator, objective, trainer, model.
 */
package dev.genlab.model.gan;
