/**
 * The VQ-VAE with a gated PixelCNN prior over its code grids (the stack comes from nn.autoregressive).
 */
package dev.genlab.model.vqvae;
