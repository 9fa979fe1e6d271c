/**
 * The Fashion-MNIST classifier: the metrics' feature network. It generates nothing.
 */
package dev.genlab.metrics.classifier;
