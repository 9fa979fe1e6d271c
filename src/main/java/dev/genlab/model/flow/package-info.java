/**
 * The RealNVP/Glow normalizing flow: actnorm, invertible 1×1 convolutions, affine coupling, exact likelihood.
 */
package dev.genlab.model.flow;
