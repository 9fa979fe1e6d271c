/**
 * The pixel PixelCNN family (its stack lives in nn.autoregressive).
 */
package dev.genlab.model.pixelcnn;
