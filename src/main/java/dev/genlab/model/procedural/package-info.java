/**
 * Procedural generators (fBm, Mandelbrot, Julia, reaction-diffusion): no weights, no engine.
 */
package dev.genlab.model.procedural;
