/**
 * The self-check `genlab doctor`: the engine's convolution defect, every layer kind against float64, a tiny
 * training run twice.
 */
package dev.genlab.doctor;
