package dev.genlab.model;

import dev.genlab.core.GenlabException;
import dev.genlab.core.OutputFiles;
import dev.genlab.core.Seeds;
import dev.genlab.core.UsageException;
import dev.genlab.core.Version;
import dev.genlab.data.Image;
import dev.genlab.data.png.PngChunk;
import dev.genlab.data.png.PngWriter;
import dev.genlab.modelstore.ModelDirectory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs a generator over a range of seeds in micro-batches and writes each image as a PNG that carries
 * its {@link GenerationRecord}; and reproduces a single image from such a record.
 */
public final class ImageGeneration {

    /** Largest seed accepted: 2^53 − 1, so seeds survive a round trip through JSON readers that use doubles. */
    public static final long MAX_SEED = (1L << 53) - 1;
    public static final int MAX_IMAGES = 100_000;
    public static final int MAX_MICRO_BATCH = 1024;

    /**
     * @param microBatch images computed together (1 = each alone, reproducible on its own)
     * @param options    the model's own settings, already resolved ({@link Generator#resolveOptions})
     */
    public record Settings(int n, long seed, Integer classIndex, double temperature, SamplerSettings sampler,
            int microBatch, String device, int threads, Map<String, String> options) {

        public Settings(int n, long seed, Integer classIndex, double temperature, SamplerSettings sampler,
                int microBatch, String device, int threads) {
            this(n, seed, classIndex, temperature, sampler, microBatch, device, threads, Map.of());
        }

        public Settings {
            if (n < 1 || n > MAX_IMAGES) {
                throw new UsageException("--n must be between 1 and " + MAX_IMAGES + ", got " + n);
            }
            if (seed < 0 || seed > MAX_SEED - (n - 1)) {
                throw new UsageException("--seed must be between 0 and " + (MAX_SEED - (n - 1)) + " for " + n
                        + " image(s), got " + seed);
            }
            if (microBatch < 1 || microBatch > MAX_MICRO_BATCH) {
                throw new UsageException("--batch must be between 1 and " + MAX_MICRO_BATCH + ", got " + microBatch);
            }
        }
    }

    /** A generated image and its record (and file, once written). */
    public record Generated(Image image, GenerationRecord record, Path file) {}

    private ImageGeneration() {}

    /**
     * Generates {@code s.n()} images; {@code each} is called as each micro-batch finishes and is the only
     * holder of its images (a run of thousands of large images must not keep them all).
     */
    public static void run(Generator g, Settings s, Consumer<List<Generated>> each) {
        ModelDirectory m = g.model();
        String sha = m.weightsSha256();
        for (int start = 0; start < s.n(); start += s.microBatch()) {
            int size = Math.min(s.microBatch(), s.n() - start);
            long[] seeds = Seeds.range(s.seed() + start, size);
            List<Sample> samples = g.generate(new GenerationRequest(seeds, s.classIndex(), s.temperature(), s.sampler(),
                    s.options()));
            samples.forEach(smp -> requireUsable(smp.image(), m.name(), smp.seed()));
            List<Generated> batch = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                Sample smp = samples.get(i);
                boolean classed = smp.classIndex() != null;
                GenerationRecord r = GenerationRecord.builder(Version.version(), Version.commit())
                        .model(m.name(), m.manifest().family(), sha)
                        .seeds(smp.seed(), s.seed(), start + i, new GenerationRecord.MicroBatch(seeds[0], size, i))
                        .conditioning(classed ? g.classNames().get(smp.classIndex()) : null,
                                classed ? (s.classIndex() != null ? "user" : "seed") : null)
                        .image(s.temperature(), smp.image().width(), smp.image().height())
                        .runtime(s.device(), s.threads())
                        .settings(s.sampler(), s.options().isEmpty() ? null : s.options())
                        .build();
                batch.add(new Generated(smp.image(), r, null));
            }
            each.accept(batch);
        }
    }

    /**
     * Refuses an image no working model makes: one with NaN or infinite values, or entirely black or entirely
     * white (a model whose weights diverged saturates every pixel). Written out, either would look like a
     * result.
     */
    static void requireUsable(dev.genlab.data.Image image, String model, long seed) {
        float[] px = image.pixels();
        boolean allBlack = true;
        boolean allWhite = true;
        for (float v : px) {
            if (!Float.isFinite(v)) {
                throw new dev.genlab.core.GenlabException("model " + model + " made an image with NaN or infinite "
                        + "values (seed " + seed + "): its weights are damaged or diverged; stopped before writing it");
            }
            allBlack &= v <= 0f;
            allWhite &= v >= 1f;
        }
        if (px.length > 1 && (allBlack || allWhite)) {
            throw new dev.genlab.core.GenlabException("model " + model + " made an all-" + (allBlack ? "black" : "white")
                    + " image (seed " + seed + "): its weights are damaged or diverged; stopped before writing it");
        }
    }

    /** Recomputes the image a record describes: its whole micro-batch, then picks its position. */
    public static Image reproduce(Generator g, GenerationRecord r) {
        GenerationRecord.MicroBatch mb = r.microBatch();
        long[] seeds = Seeds.range(mb.firstSeed(), mb.size());
        Integer classIndex = null;
        if ("user".equals(r.classChosen())) {
            classIndex = g.classNames().indexOf(r.className());
            if (classIndex < 0) {
                throw new GenlabException("the image asks for class '" + r.className() + "', which model "
                        + r.model() + " does not have");
            }
        }
        return g.generate(new GenerationRequest(seeds, classIndex, r.temperature(), r.sampler(),
                r.options() == null ? Map.of() : r.options())).get(mb.position())
                .image();
    }

    /** PNG bytes with the A1111 {@code parameters} chunk and the {@code genlab} JSON chunk. */
    public static byte[] png(Image image, GenerationRecord r) {
        String shortHash = r.weightsSha256() == null ? "" : r.weightsSha256().substring(0, 10);
        return PngWriter.encode(image, List.of(PngChunk.textOrItxt("parameters", r.toA1111(shortHash).format()),
                PngChunk.itxt("genlab", r.toJson())));
    }

    /** Writes one image as {@code <model>-<seed>.png} (numbered if taken). */
    public static Path write(OutputFiles out, Image image, GenerationRecord r) {
        byte[] bytes = png(image, r);
        return out.write(String.format("%s-%06d", r.model(), r.seed()), ".png", o -> o.write(bytes));
    }
}
