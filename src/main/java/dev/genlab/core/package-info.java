/**
 * Foundations every other package may use: one-line user errors ({@link dev.genlab.core.GenlabException},
 * {@link dev.genlab.core.UsageException}), atomic file writes, the seeded random numbers every image is drawn
 * from, the version. Imports nothing of genlab.
 */
package dev.genlab.core;
