package dev.genlab.cli;

import dev.genlab.catalog.Catalog;
import dev.genlab.core.GenlabException;
import dev.genlab.core.UsageException;
import dev.genlab.modelstore.ModelDirectory;
import dev.genlab.modelstore.ModelManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code genlab models add NAME PATH}: registers a checkpoint the user has, without copying it. */
@Command(name = "add", mixinStandardHelpOptions = true, description = {"Register a checkpoint you have (a Stable "
    + "Diffusion 1.x .safetensors or .ckpt file or diffusers folder, or a StyleGAN2-ADA network pickle such as "
    + "ffhq.pkl or its safetensors conversion) as model NAME, so that generate, reconstruct, interpolate and bench "
    + "take it like a bundled model. Nothing in a pickle is executed.",
    "Writes MODELS_DIR/NAME/config.json, which points at the file (nothing is copied), with what was detected "
        + "and the file's SHA-256 (A1111's model hash is its first 10 digits), computed once here."})
final class ModelsAddCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "Name for the model (letters, digits, . _ -).")
    String name;

    @Parameters(index = "1", paramLabel = "PATH", description = "The checkpoint file, diffusers folder or network "
            + "pickle.")
    Path path;

    @Option(names = "--vae", paramLabel = "FILE", description = "A separate VAE to use instead of the checkpoint's "
            + "(e.g. vae-ft-mse-840000-ema-pruned.safetensors).")
    Path vae;

    @Option(names = "--tokenizer", paramLabel = "PATH", description = "CLIP's vocabulary, when the checkpoint's "
            + "folder (tokenizer/) and the Hugging Face cache have none: a folder with vocab.json and merges.txt, a "
            + "tokenizer.json, or OpenAI's bpe_simple_vocab_16e6.txt.gz. genlab ships no copy.")
    Path tokenizer;

    @Option(names = "--force", description = "Replace an existing model of that name.")
    boolean force;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        if (!dev.genlab.core.SafeNames.isSafe(name)) {
            throw new UsageException("model name '" + name + "' must be " + dev.genlab.core.SafeNames.RULE);
        }
        Path dir = common.registry().modelsDir().resolve(name);
        if (Files.exists(dir.resolve(ModelDirectory.CONFIG)) && !force) {
            throw new UsageException("a model named " + name + " exists in " + dir + ": choose another name or "
                    + "give --force to replace it");
        }
        if (Files.exists(path) && dev.genlab.core.Sha256.size(path) > 200_000_000L) {
            System.err.println("reading " + path + " (its SHA-256 takes a few seconds per gigabyte)");
        }
        ModelManifest m = Catalog.adopt(name, path, new dev.genlab.model.ModelFamily.CheckpointExtras(vae, tokenizer));
        if (m == null) {
            throw new GenlabException("genlab does not recognise " + path + ": it runs Stable Diffusion 1.x "
                    + "checkpoints (.safetensors, .ckpt or a diffusers folder) and StyleGAN2-ADA network pickles (.pkl)");
        }
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new GenlabException("cannot create " + dir + ": " + e.getMessage());
        }
        ModelDirectory.writeManifest(dir, m);
        var l = m.linked();
        System.out.printf(Locale.ROOT, "added %s: %s, %s, %s, %.2f GB, model hash %s%n", name, l.kind(), l.format(),
                l.dtype(), l.bytes() / 1e9, l.sha256().substring(0, 10));
        return 0;
    }
}
