package dev.genlab.model.sd;

import dev.genlab.checkpoint.Checkpoint;
import dev.genlab.checkpoint.CheckpointKind;
import dev.genlab.checkpoint.Checkpoints;
import dev.genlab.checkpoint.SdKeyMap;
import dev.genlab.checkpoint.StoredTensor;
import dev.genlab.core.GenlabException;
import dev.genlab.modelstore.ModelManifest;
import java.nio.file.Path;
import java.util.Map;

/** A linked Stable Diffusion checkpoint, opened and checked against what {@code models add} recorded. */
final class SdCheckpoint {

    private SdCheckpoint() {}

    /** The VAE's tensors (CompVis names, no prefix): from {@code vae} if given, else from the checkpoint. */
    static Map<String, StoredTensor> vaeTensors(Checkpoint checkpoint, Path vae) {
        if (vae != null) {
            Checkpoint separate = Checkpoints.open(vae);
            Map<String, StoredTensor> prefixed = separate.under(SdKeyMap.VAE);
            Map<String, StoredTensor> t = !prefixed.isEmpty() ? prefixed : separate.tensors();
            if (!t.containsKey("decoder.conv_in.weight")) {
                throw new GenlabException("--vae " + vae + " holds no VAE (no decoder.conv_in.weight): point at a "
                        + "VAE file such as vae-ft-mse-840000-ema-pruned.safetensors");
            }
            return t;
        }
        return checkpoint.under(SdKeyMap.VAE);
    }

    /** Opens the checkpoint a model folder points at, refusing one that changed since it was added. */
    static Checkpoint open(String model, ModelManifest.LinkedWeights linked) {
        Path path = Path.of(linked.path());
        Checkpoint c = dev.genlab.model.LinkedCheckpoint.open(model, linked);
        CheckpointKind kind = CheckpointKind.of(c);
        if (kind != CheckpointKind.SD1 && kind != CheckpointKind.SD1_INPAINT) {
            throw new GenlabException("not supported yet: " + path + " holds " + kind.description());
        }
        return c;
    }
}
