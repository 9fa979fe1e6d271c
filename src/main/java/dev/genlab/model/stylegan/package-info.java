/**
 * The StyleGAN2-style family: mapping network, synthesis with modulated convolutions, lazy R1, generator EMA.
 */
package dev.genlab.model.stylegan;
