/**
 * Stable Diffusion 1.x run from the user's own checkpoint ({@code genlab models add}): the checkpoint's
 * VAE (AutoencoderKL) today; the text encoder, UNet and pipeline follow. Networks are built with the original
 * (CompVis) parameter names, so a checkpoint loads by name and shape with nothing renamed.
 */
package dev.genlab.model.sd;
