/**
 * Sample quality: Fréchet distance, KID, Inception-style score, precision/recall, prompt accuracy, and the
 * classifier whose features they use. May import model (it measures generators), never bench, report or cli.
 */
package dev.genlab.metrics;
