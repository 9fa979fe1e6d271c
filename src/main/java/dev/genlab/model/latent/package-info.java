/**
 * The KL autoencoder and text-to-image latent diffusion in the manner of Stable Diffusion.
 */
package dev.genlab.model.latent;
