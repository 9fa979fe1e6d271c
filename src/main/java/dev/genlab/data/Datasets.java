package dev.genlab.data;

import dev.genlab.core.GenlabException;
import dev.genlab.core.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the training data: Fashion-MNIST from Debian's package by default, or the folder given by --data. */
public final class Datasets {

    private Datasets() {}

    /**
     * Loads the training and test splits.
     *
     * @param data a folder of IDX files or images, or null for the installed Fashion-MNIST
     * @param channels, height, width the size folder images are converted to (IDX data keeps its own)
     */
    public static Splits load(Path data, int channels, int height, int width) {
        if (data == null) {
            if (!Files.isDirectory(FashionMnist.DEBIAN_PATH)) {
                throw new GenlabException("Fashion-MNIST not found in " + FashionMnist.DEBIAN_PATH + ": "
                        + FashionMnist.INSTALL_HINT);
            }
            return IdxDataset.load(FashionMnist.DEBIAN_PATH);
        }
        if (!Files.exists(data)) {
            throw new GenlabException("data folder not found: " + data + " (" + FashionMnist.INSTALL_HINT + ")");
        }
        if (!Files.isDirectory(data)) {
            throw new UsageException("--data must be a folder, but " + data + " is a file");
        }
        if (IdxDataset.looksLikeIdx(data)) {
            return IdxDataset.load(data);
        }
        return ImageFolderDataset.load(data, channels, height, width);
    }
}
