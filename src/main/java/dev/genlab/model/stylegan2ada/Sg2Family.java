package dev.genlab.model.stylegan2ada;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genlab.checkpoint.Checkpoint;
import dev.genlab.checkpoint.CheckpointKind;
import dev.genlab.checkpoint.Checkpoints;
import dev.genlab.checkpoint.NetworkPickle;
import dev.genlab.core.GenlabException;
import dev.genlab.core.Sha256;
import dev.genlab.core.UsageException;
import dev.genlab.model.GenerateOption;
import dev.genlab.model.Generator;
import dev.genlab.model.LinkedCheckpoint;
import dev.genlab.model.ModelFamily;
import dev.genlab.model.StyleSettings;
import dev.genlab.modelstore.ImageShape;
import dev.genlab.modelstore.ModelDirectory;
import dev.genlab.modelstore.ModelManifest;
import dev.genlab.nn.Parameters;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * NVIDIA's StyleGAN2-ADA networks that users bring (ffhq.pkl, metfaces.pkl, their own training runs, StyleGAN3's
 * stylegan2 configs), from the network pickle or from a safetensors file {@code genlab convert} made of one.
 * genlab does not train them: its own StyleGAN family does that.
 */
public final class Sg2Family implements ModelFamily {

    public static final String NAME = "stylegan2-ada";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<GenerateOption> generateOptions() {
        List<GenerateOption> out = new java.util.ArrayList<>(StyleSettings.OPTIONS);
        out.add(new GenerateOption("--noise", StyleSettings.NOISE, "MODE", "StyleGAN2-ADA networks: const (default, "
                + "as NVIDIA's generate.py), random or none."));
        out.add(new GenerateOption("--projected-w", Sg2Model.PROJECTED_W, "FILE.npz", "StyleGAN2-ADA networks: "
                + "generate from the w's of a projected_w.npz (genlab project's or NVIDIA's projector's), in turn."));
        out.add(new GenerateOption("--rng", Sg2Model.RNG, "genlab|numpy", "StyleGAN2-ADA networks: genlab's latents "
                + "(default) or numpy's RandomState(seed).randn, the z of NVIDIA's scripts and seed lists."));
        return out;
    }

    @Override
    public List<RandomArchitecture> randomArchitectures() {
        return List.of(new RandomArchitecture("stylegan2-ffhq", "A StyleGAN2-ADA generator of the FFHQ network's "
                + "shape (1024x1024, 33 M parameters; write it as fp32, NVIDIA's type).", (out, dtype, seed) ->
                String.format(Locale.ROOT, "StyleGAN2-ADA FFHQ shape, %.1f M parameters",
                        Sg2RandomNetwork.writeFfhq(out, dtype, seed) / 1e6)));
    }

    @Override
    public Generator load(ModelDirectory dir, NDManager manager) {
        ModelManifest.LinkedWeights linked = dir.manifest().linked();
        Checkpoint c = LinkedCheckpoint.open(dir.name(), linked);
        if (CheckpointKind.of(c) != CheckpointKind.STYLEGAN2) {
            throw new GenlabException("not supported yet: " + linked.path() + " holds " + CheckpointKind.of(c)
                    .description());
        }
        Sg2Config config = Sg2Config.of(c.tensors(), c.metadata().get(NetworkPickle.INIT_KWARGS), linked.path());
        Parameters p = Parameters.reading(manager, c.tensors(), Path.of(linked.path()));
        return new Sg2Model(dir, new Sg2Generator(config, p), p.manager());
    }

    @Override
    public ModelManifest adopt(String name, Path path, CheckpointExtras extras) {
        Checkpoint c = Checkpoints.open(path);
        CheckpointKind kind = CheckpointKind.of(c);
        if (kind == CheckpointKind.STYLEGAN3) {
            throw new GenlabException("not supported yet: " + path + " holds " + kind.description() + "; genlab runs "
                    + "StyleGAN2 networks, including StyleGAN3's stylegan2 configs");
        }
        if (kind != CheckpointKind.STYLEGAN2) {
            return null;
        }
        if (extras.vae() != null || extras.tokenizer() != null) {
            throw new UsageException("--vae and --tokenizer are for Stable Diffusion checkpoints; " + path + " is a "
                    + kind.description());
        }
        Sg2Config config = Sg2Config.of(c.tensors(), c.metadata().get(NetworkPickle.INIT_KWARGS), path.toString());
        Path absolute = path.toAbsolutePath().normalize();
        String dtype = c.dtypeLabel();
        String what = kind.description() + (c.randomWeights() ? " (random weights: timing only)" : "");
        var linked = new ModelManifest.LinkedWeights(absolute.toString(), Sha256.size(absolute), Sha256.of(absolute),
                c.format().label(), what, dtype);
        ObjectNode network = ModelDirectory.JSON.createObjectNode();
        network.put("summary", config.summary());
        List<String> classes = IntStream.range(0, config.cDim()).mapToObj(Integer::toString).toList();
        String headline = String.format(Locale.ROOT, "%s, %s, %.0f MB (user's network)", what, config.summary(),
                linked.bytes() / 1e6);
        return new ModelManifest(ModelManifest.FORMAT, name, NAME, "StyleGAN2-ADA generator (G_ema) from " + absolute
                + " (" + c.format().label() + "): " + config.summary() + ".", new ImageShape(config.imgChannels(),
                        config.resolution(), config.resolution()), classes, network, null, Map.of(), headline, linked);
    }
}
