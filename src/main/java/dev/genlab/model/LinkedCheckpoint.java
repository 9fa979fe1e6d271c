package dev.genlab.model;

import dev.genlab.checkpoint.Checkpoint;
import dev.genlab.checkpoint.Checkpoints;
import dev.genlab.core.GenlabException;
import dev.genlab.core.Sha256;
import dev.genlab.modelstore.ModelManifest;
import java.nio.file.Files;
import java.nio.file.Path;

/** The checkpoint a model folder points at ({@code genlab models add}), refused when it is gone or changed. */
public final class LinkedCheckpoint {

    private LinkedCheckpoint() {}

    public static Checkpoint open(String model, ModelManifest.LinkedWeights linked) {
        if (linked == null) {
            throw new GenlabException("model " + model + " has no checkpoint: add one with `genlab models add " + model
                    + " PATH`");
        }
        Path path = Path.of(linked.path());
        if (!Files.exists(path)) {
            throw new GenlabException("model " + model + " points at " + path + ", which is gone: put it back or run "
                    + "`genlab models add " + model + " NEW_PATH` again");
        }
        long size = Sha256.size(path);
        if (size != linked.bytes()) {
            throw new GenlabException("the checkpoint of model " + model + " changed since it was added (" + size
                    + " bytes, was " + linked.bytes() + "): run `genlab models add " + model + " " + path
                    + "` again");
        }
        return Checkpoints.open(path);
    }
}
