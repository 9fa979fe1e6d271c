/**
 * Noise schedules, prediction types, samplers and classifier-free guidance for iterative models. Knows no
 * network: must not import model or nn layers.
 */
package dev.genlab.sampling;
