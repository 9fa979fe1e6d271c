package dev.genlab.model.sd;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The tiny Stable Diffusion checkpoints of tools/fixtures/sd_checkpoints.py, written once per test run with
 * Debian's python3-torch (which .ci/run installs); tests that need them are skipped where it is missing.
 */
final class SdFixtures {

    static final Path PYTHON = dev.genlab.PythonPeer.PYTHON;

    private SdFixtures() {}

    static boolean available() throws Exception {
        return dev.genlab.PythonPeer.available();
    }

    /** A fixture checkpoint added as a model under {@code models} (named after the file) and loaded. */
    static SdModel load(Path models, String file, Path tokenizer, ai.djl.ndarray.NDManager m) throws Exception {
        SdFamily family = new SdFamily();
        var manifest = family.adopt(file.replace('.', '-'), dir().resolve(file),
                new dev.genlab.model.ModelFamily.CheckpointExtras(null, tokenizer));
        Path folder = models.resolve(manifest.name());
        Files.createDirectories(folder);
        dev.genlab.modelstore.ModelDirectory.writeManifest(folder, manifest);
        return (SdModel) family.load(dev.genlab.modelstore.ModelDirectory.open(folder), m);
    }

    /** The fixture folder, written on first use. */
    static Path dir() throws Exception {
        return dev.genlab.PythonPeer.fixtures("sd_checkpoints.py");
    }
}
