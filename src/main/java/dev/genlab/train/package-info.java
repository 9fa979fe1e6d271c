/**
 * The training loop, Adam with saveable state, weight averages, checkpoints, model export and cards. Knows no
 * family: families import it, never the other way.
 */
package dev.genlab.train;
