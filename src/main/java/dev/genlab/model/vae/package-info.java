/**
 * The convolutional VAE family: network, objective, trainer, model.
 */
package dev.genlab.model.vae;
