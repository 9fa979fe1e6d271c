/**
 * The gated PixelCNN stack and its row-by-row sampler, shared by the pixel PixelCNN and the VQ-VAE's code
 * prior. Imports only core and nn.
 */
package dev.genlab.nn.autoregressive;
