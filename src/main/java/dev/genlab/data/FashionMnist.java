package dev.genlab.data;

import java.nio.file.Path;
import java.util.List;

/** Facts about Fashion-MNIST: where Debian installs it and its class names. */
public final class FashionMnist {

    /** Where the Debian package {@code dataset-fashion-mnist} puts the IDX files. */
    public static final Path DEBIAN_PATH = Path.of("/usr/share/datasets/fashion-mnist");

    /** The official class names in lowercase, spaces and slashes as '-'. */
    public static final List<String> CLASS_NAMES = List.of("t-shirt-top", "trouser", "pullover", "dress", "coat",
            "sandal", "shirt", "sneaker", "bag", "ankle-boot");

    public static final String INSTALL_HINT = "install it with `sudo apt-get install dataset-fashion-mnist`, "
            + "or pass --data FOLDER (IDX files, or images with one sub-folder per class)";

    private FashionMnist() {}
}
