package dev.genlab.cli;

import ai.djl.ndarray.NDManager;
import dev.genlab.core.GenlabException;
import dev.genlab.core.OutputFiles;
import dev.genlab.core.UsageException;
import dev.genlab.data.Image;
import dev.genlab.data.png.ImageGrid;
import dev.genlab.data.png.PngWriter;
import dev.genlab.model.ClassArg;
import dev.genlab.model.Generator;
import dev.genlab.model.ImageGeneration;
import dev.genlab.model.Interpolator;
import dev.genlab.model.ModelRegistry;
import dev.genlab.modelstore.ModelDirectory;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `genlab interpolate MODEL --seed A --to-seed B`: a walk through latent space. */
@Command(name = "interpolate", mixinStandardHelpOptions = true,
        description = "Write frames between the images of two seeds, and a strip of them all.")
final class InterpolateCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL")
    String model;

    @Option(names = "--seed", required = true, description = "Seed of the first image.")
    long seedA;

    @Option(names = "--to-seed", required = true, description = "Seed of the last image.")
    long seedB;

    @Option(names = "--frames", defaultValue = "8", description = "Number of frames, ends included (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--class", paramLabel = "CLASS", description = "Class at the start (default: the seed's own).")
    String classA;

    @Option(names = "--to-class", paramLabel = "CLASS", description = "Class at the end (default: --class, else the seed's own).")
    String classB;

    @Option(names = "--temperature", defaultValue = "1.0", description = "Scale of the prior noise (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--space", paramLabel = "z|w", description = "Latent space to walk in: z (every model; a great "
            + "circle) or w (StyleGAN: a straight line between the two seeds' mapped w). Default: the model's first.")
    String space;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: outputs/MODEL-interpolate).")
    Path out;

    @Option(names = "--overwrite", description = "Replace existing files instead of numbering new ones.")
    boolean overwrite;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        if (frames < 2 || frames > 1000) {
            throw new UsageException("--frames must be between 2 and 1000, got " + frames);
        }
        for (long s : new long[] {seedA, seedB}) {
            if (s < 0 || s > ImageGeneration.MAX_SEED) {
                throw new GenlabException("seeds must be between 0 and " + ImageGeneration.MAX_SEED + ", got " + s);
            }
        }
        if (!(temperature > 0) || temperature > 10) {
            throw new UsageException("--temperature must be in (0, 10], got " + temperature);
        }
        ModelRegistry registry = common.registry();
        ModelDirectory dir = registry.find(model);
        try (NDManager manager = common.newManager();
                Generator g = registry.family(dir).load(dir, manager)) {
            if (!(g instanceof Interpolator interp)) {
                throw new GenlabException("model " + dir.name() + " (" + dir.manifest().family()
                        + ") has no latent space to interpolate in");
            }
            Integer ca = ClassArg.resolve(classA, g.classNames(), dir.name());
            Integer cb = classB != null ? ClassArg.resolve(classB, g.classNames(), dir.name()) : ca;
            List<Image> images = interp.interpolate(seedA, seedB, frames, ca, cb, temperature,
                    space != null ? space.toLowerCase(java.util.Locale.ROOT) : interp.spaces().get(0));
            OutputFiles files = new OutputFiles(out != null ? out : Path.of("outputs", dir.name() + "-interpolate"),
                    overwrite);
            String base = String.format("%s-%d-to-%d", dir.name(), seedA, seedB);
            for (int i = 0; i < images.size(); i++) {
                byte[] png = PngWriter.encode(images.get(i), List.of());
                files.write(String.format("%s-%03d", base, i), ".png", o -> o.write(png));
            }
            byte[] strip = PngWriter.encode(ImageGrid.of(images, images.size()), List.of());
            Path p = files.write(base + "-strip", ".png", o -> o.write(strip));
            System.out.println("wrote " + images.size() + " frames to " + files.dir() + "; strip: " + p);
        }
        return 0;
    }
}
