package dev.genlab.model;

import dev.genlab.core.GenlabException;
import dev.genlab.core.UsageException;
import dev.genlab.modelstore.ImageShape;

/** Checks of architecture settings that several families share, each with a message naming the valid range. */
public final class ConfigChecks {

    private ConfigChecks() {}

    /** Height and width must halve cleanly {@code log2(factor)} times. */
    public static void imageDivisibleBy(ImageShape image, int factor, String model) {
        if (image.height() % factor != 0 || image.width() % factor != 0 || image.height() < factor
                || image.width() < factor) {
            throw new GenlabException(model + " needs height and width divisible by " + factor + ", got "
                    + image.size());
        }
    }

    public static void latentDim(int latentDim) {
        if (latentDim < 1 || latentDim > 4096) {
            throw new UsageException("--latent must be between 1 and 4096, got " + latentDim);
        }
    }

    public static void baseChannels(int baseChannels) {
        if (baseChannels < 4 || baseChannels > 1024 || baseChannels % 4 != 0) {
            throw new UsageException("--channels must be a multiple of 4 between 4 and 1024, got " + baseChannels);
        }
    }
}
