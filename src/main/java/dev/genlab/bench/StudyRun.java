package dev.genlab.bench;

import ai.djl.ndarray.NDManager;
import dev.genlab.core.AtomicFiles;
import dev.genlab.core.UsageException;
import dev.genlab.data.Image;
import dev.genlab.data.png.PngWriter;
import dev.genlab.model.GenerationRequest;
import dev.genlab.model.Generator;
import dev.genlab.model.ModelRegistry;
import dev.genlab.model.Reconstructor;
import dev.genlab.model.SamplerSettings;
import dev.genlab.modelstore.ModelDirectory;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The study's own protocol, on the user's files: a face from a prompt with the text-to-image model, timed
 * over five iterations; the same model's VAE encoding and decoding that face, five times; and, when one is
 * given, a GAN's image five times. Then Table 3.1 with the study's Colab (GPU) figures beside this machine's.
 * The rows run one after another in one process, as the study's notebook did, so the RAM column is the
 * process's resident memory after each row.
 */
public final class StudyRun {

    /** What the study measured on Colab: seconds per image, VRAM MB, RAM MB. */
    private static final Map<String, double[]> STUDY = new LinkedHashMap<>();

    static {
        STUDY.put("text to image", new double[] {7.93, 5619, 4271});
        STUDY.put("VAE", new double[] {7.96, 1136, 3917});
        STUDY.put("GAN", new double[] {0.15, 400, 260});
    }

    /** The study's prompt: a face. */
    public static final String PROMPT = "a photo of a woman's face";

    /** One row: what was timed, the seconds of each iteration, resident memory after it. */
    public record Row(String kind, String model, List<Double> seconds, double rssMb) {
        double median() {
            return Summary.of(seconds.stream().mapToDouble(Double::doubleValue).toArray()).median();
        }
    }

    /**
     * @param textToImage a model that follows prompts and reconstructs (its VAE): a Stable Diffusion checkpoint
     * @param gan         a model for the GAN row, or null
     * @param steps       sampler steps (null: the model's default, 50 PNDM steps for SD as the study ran)
     * @param size        the face's size, WxH (the study's is 512x512)
     */
    public record Settings(String textToImage, String gan, Integer steps, int iterations, long seed, Path out,
            String size) {
        public Settings {
            if (iterations < 1 || iterations > 100) {
                throw new UsageException("--iterations must be between 1 and 100, got " + iterations);
            }
        }
    }

    private StudyRun() {}

    /** Runs the rows, writes study.md and the face to {@code out}, and returns the table's text. */
    public static String run(Settings s, ModelRegistry registry, NDManager manager, PrintStream log) {
        List<Row> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        ModelDirectory dir = registry.find(s.textToImage());
        try (NDManager m = manager.newSubManager(); Generator g = registry.family(dir).load(dir, m)) {
            if (!g.followsPrompts() || !(g instanceof Reconstructor vae)) {
                throw new UsageException("--study needs a text-to-image checkpoint with its VAE (a Stable Diffusion "
                        + "model added with `genlab models add`); " + dir.name() + " is not one");
            }
            SamplerSettings d = g.defaultSampler();
            SamplerSettings sampler = s.steps() == null ? d
                    : new SamplerSettings(d.sampler(), s.steps(), d.cfg(), d.eta(), d.karras());
            Map<String, String> options = g.resolveOptions(Map.of("prompt", PROMPT, "size", s.size()));
            List<Double> seconds = new ArrayList<>();
            Image face = null;
            for (int i = 0; i < s.iterations(); i++) {
                log.printf("study: text to image %d/%d (%s, %d steps)...%n", i + 1, s.iterations(), sampler.sampler(),
                        sampler.steps());
                long t0 = System.nanoTime();
                face = g.generate(new GenerationRequest(new long[] {s.seed()}, null, 1.0, sampler, options)).get(0)
                        .image();
                seconds.add((System.nanoTime() - t0) / 1e9);
            }
            rows.add(new Row("text to image", dir.name() + " (" + sampler.sampler() + ", " + sampler.steps()
                    + " steps)", seconds, MemoryProbe.residentMb()));
            byte[] png = PngWriter.encode(face, List.of());
            AtomicFiles.write(s.out().resolve("study-face.png"), o -> o.write(png));
            List<Double> vaeSeconds = new ArrayList<>();
            Image recon = null;
            for (int i = 0; i < s.iterations(); i++) {
                log.printf("study: VAE encode and decode %d/%d...%n", i + 1, s.iterations());
                long t0 = System.nanoTime();
                recon = vae.reconstruct(List.of(face), null).get(0).output();
                vaeSeconds.add((System.nanoTime() - t0) / 1e9);
            }
            rows.add(new Row("VAE", dir.name() + " VAE (" + s.size() + " encode + decode)", vaeSeconds,
                    MemoryProbe.residentMb()));
            byte[] reconPng = PngWriter.encode(recon, List.of());
            AtomicFiles.write(s.out().resolve("study-face-vae.png"), o -> o.write(reconPng));
            var linked = dir.manifest().linked();
            notes.add((linked != null && linked.kind().contains("random weights") ? "Random weights: timing only. "
                    : "") + "Quality is judged by eye here, as in the study: the face is study-face.png, its VAE "
                    + "reconstruction study-face-vae.png (genlab has no face metric yet).");
        }
        if (s.gan() != null) {
            ModelDirectory ganDir = registry.find(s.gan());
            try (NDManager m = manager.newSubManager(); Generator gan = registry.family(ganDir).load(ganDir, m)) {
                gan.generate(new GenerationRequest(new long[] {s.seed()}, null, 1.0)); // first call: native set-up
                List<Double> seconds = new ArrayList<>();
                for (int i = 0; i < s.iterations(); i++) {
                    long t0 = System.nanoTime();
                    gan.generate(new GenerationRequest(new long[] {s.seed() + i}, null, 1.0));
                    seconds.add((System.nanoTime() - t0) / 1e9);
                }
                rows.add(new Row("GAN", ganDir.name(), seconds, MemoryProbe.residentMb()));
            }
        }
        String table = table(rows, notes, s);
        AtomicFiles.write(s.out().resolve("study.md"), o -> o.write(table.getBytes(StandardCharsets.UTF_8)));
        return table;
    }

    /** Table 3.1: this machine's median seconds and RAM beside the study's Colab figures. */
    static String table(List<Row> rows, List<String> notes, Settings s) {
        StringBuilder sb = new StringBuilder("# The study's protocol on this machine (Table 3.1)\n\n");
        sb.append("| row | model | time s (median of ").append(s.iterations()).append(") | RAM MB | study: time s "
                + "| study: VRAM MB | study: RAM MB |\n|---|---|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            double[] study = STUDY.get(r.kind());
            sb.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.0f | %.2f | %.0f | %.0f |%n", r.kind(),
                    r.model(), r.median(), r.rssMb(), study[0], study[1], study[2]));
        }
        sb.append("\nEach iteration's seconds: ");
        for (Row r : rows) {
            sb.append(r.kind()).append(' ').append(r.seconds().stream().map(v -> String.format(Locale.ROOT, "%.2f", v))
                    .toList()).append("; ");
        }
        sb.append("\n\nRAM: resident memory of this process after the row (the rows run in order in one process, "
                + "as in the study's notebook). The study ran on a Colab GPU; VRAM is n/a on a CPU.\n");
        for (String n : notes) {
            sb.append('\n').append(n).append('\n');
        }
        return sb.toString();
    }
}
