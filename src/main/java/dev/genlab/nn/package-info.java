/**
 * Named parameters and the layers families are built from (convolutions through the one guarded {@link
 * dev.genlab.nn.Convolution}, attention, normalisation, losses), gradient recording, non-finite checks. Imports
 * only core and data (weights files): never model, train, sampling or anything above.
 */
package dev.genlab.nn;
