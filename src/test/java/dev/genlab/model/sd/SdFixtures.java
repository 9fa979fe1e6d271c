package dev.genlab.model.sd;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The tiny Stable Diffusion checkpoints of tools/fixtures/sd_checkpoints.py, written once per test run with
 * Debian's python3-torch (which .ci/run installs); tests that need them are skipped where it is missing.
 */
final class SdFixtures {

    static final Path PYTHON = Path.of("/usr/bin/python3");
    private static Path dir;

    private SdFixtures() {}

    static boolean available() throws Exception {
        if (!Files.isExecutable(PYTHON)) {
            return false;
        }
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import torch, numpy").redirectErrorStream(true).start();
        return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
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
    static synchronized Path dir() throws Exception {
        if (dir == null) {
            Path d = Files.createTempDirectory("genlab-sd-fixtures");
            Process p = new ProcessBuilder(PYTHON.toString(), "tools/fixtures/sd_checkpoints.py", d.toString())
                    .redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("sd_checkpoints.py failed:\n" + log);
            }
            dir = d;
        }
        return dir;
    }
}
