/**
 * Pixel-space diffusion (DDPM with classifier-free guidance): UNet, objective, trainer, model.
 */
package dev.genlab.model.diffusion;
