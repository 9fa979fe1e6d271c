package dev.genlab.train.options;

import picocli.CommandLine.Option;

/** How many test images the card of a likelihood model or an autoencoder is measured on. */
public final class LikelihoodEvalArgs {

    @Option(names = "--eval-images", defaultValue = "10000", description = "Test images the model card's "
            + "test-split figure (exact likelihood; an autoencoder's reconstruction PSNR) is measured on "
            + "(default: ${DEFAULT-VALUE}, the whole Fashion-MNIST test split).")
    int evalImages;

    public int evalImages() {
        return evalImages;
    }
}
