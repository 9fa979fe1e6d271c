package dev.genlab.cli;

import ai.djl.ndarray.NDManager;
import dev.genlab.core.GenlabException;
import dev.genlab.core.OutputFiles;
import dev.genlab.core.UsageException;
import dev.genlab.data.Image;
import dev.genlab.data.ImageFiles;
import dev.genlab.data.NpyWriter;
import dev.genlab.data.png.ImageGrid;
import dev.genlab.data.png.PngChunk;
import dev.genlab.data.png.PngWriter;
import dev.genlab.model.ClassArg;
import dev.genlab.model.Generator;
import dev.genlab.model.ImageGeneration;
import dev.genlab.model.ModelRegistry;
import dev.genlab.model.Projector;
import dev.genlab.modelstore.ModelDirectory;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `genlab project MODEL face.png`: the latent whose image is closest to a photograph. */
@Command(name = "project", mixinStandardHelpOptions = true,
        description = "Find the latent (StyleGAN2-ADA: w) whose image is closest to a target image, as NVIDIA's "
                + "projector does; write that image, the latent (projected_w.npz, as NVIDIA's scripts read it) and "
                + "the target beside the projection.")
final class ProjectCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL")
    String model;

    @Parameters(index = "1", paramLabel = "IMAGE", description = "PNG or JPEG; its central square is scaled to the "
            + "network's size.")
    Path image;

    @Option(names = "--steps", defaultValue = "1000", description = "Optimisation steps (default: ${DEFAULT-VALUE}, "
            + "NVIDIA's; each costs about three generations).")
    int steps;

    @Option(names = "--seed", defaultValue = "303", description = "Seed of the projection's own noise (default: "
            + "${DEFAULT-VALUE}, NVIDIA's).")
    long seed;

    @Option(names = "--class", paramLabel = "CLASS", description = "Class of the target, for class-conditional "
            + "networks.")
    String className;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: outputs/MODEL-project).")
    Path out;

    @Option(names = "--overwrite", description = "Replace existing files instead of numbering new ones.")
    boolean overwrite;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        if (steps < 1 || steps > 100_000) {
            throw new UsageException("--steps must be between 1 and 100000, got " + steps);
        }
        if (seed < 0 || seed > ImageGeneration.MAX_SEED) {
            throw new UsageException("--seed must be between 0 and " + ImageGeneration.MAX_SEED + ", got " + seed);
        }
        ModelRegistry registry = common.registry();
        ModelDirectory dir = registry.find(model);
        try (NDManager manager = common.newManager();
                Generator g = registry.family(dir).load(dir, manager)) {
            if (!(g instanceof Projector projector)) {
                throw new GenlabException("model " + dir.name() + " (" + dir.manifest().family() + ") cannot "
                        + "project images; StyleGAN2-ADA networks can (genlab models add NAME ffhq.pkl)");
            }
            Integer cls = ClassArg.resolve(className, g.classNames(), dir.name());
            int side = projector.projectionSide();
            Image target = ImageFiles.readSquare(image, dir.manifest().image().channels(), side);
            int report = Math.max(1, steps / 10);
            long start = System.nanoTime();
            Projector.Projection p = projector.project(target, new Projector.Settings(steps, seed, cls), step -> {
                if ((step + 1) % report == 0 || step + 1 == steps) {
                    System.out.printf(Locale.ROOT, "step %d/%d  %.1f s%n", step + 1, steps,
                            (System.nanoTime() - start) / 1e9);
                }
            });
            double[] d = p.distances();
            OutputFiles files = new OutputFiles(out != null ? out : Path.of("outputs", dir.name() + "-project"),
                    overwrite);
            String stem = image.getFileName().toString().replaceFirst("\\.[^.]+$", "");
            String settings = String.format(Locale.ROOT, "Projected from %s onto %s: %d steps, seed %d, distance "
                    + "%.6g (%s)", image.getFileName(), dir.name(), steps, seed, d[d.length - 1], p.distance());
            byte[] png = PngWriter.encode(p.image(), List.of(PngChunk.textOrItxt("parameters", settings)));
            Path projected = files.write(stem + "-projected", ".png", o -> o.write(png));
            byte[] w = NpyWriter.npz("w", p.latentShape(), p.latent());
            Path latent = files.write(stem + "-projected_w", ".npz", o -> o.write(w));
            byte[] pair = PngWriter.encode(ImageGrid.of(List.of(target, p.image()), 2), List.of());
            Path comparison = files.write(stem + "-target-projected", ".png", o -> o.write(pair));
            System.out.printf(Locale.ROOT, "distance %.6g after step 1, %.6g after step %d (%s)%n", d[0],
                    d[d.length - 1], d.length, p.distance());
            System.out.println("wrote " + projected + ", " + latent + " and " + comparison
                    + " (target left, projection right)");
        }
        return 0;
    }
}
