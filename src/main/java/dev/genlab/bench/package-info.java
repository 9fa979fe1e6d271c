/**
 * The bench protocol: a child process per model, timing, memory, machine peak, quality, advice. Names no
 * family: it asks a family's capabilities instead.
 */
package dev.genlab.bench;
