package dev.genlab.bench;

import ai.djl.ndarray.NDManager;
import dev.genlab.catalog.Catalog;
import dev.genlab.core.AtomicFiles;
import dev.genlab.core.Seeds;
import dev.genlab.data.Image;
import dev.genlab.data.png.ImageGrid;
import dev.genlab.data.png.PngWriter;
import dev.genlab.metrics.QualityMetrics;
import dev.genlab.metrics.ReferenceStatistics;
import dev.genlab.metrics.classifier.ClassifierModel;
import dev.genlab.model.GenerationRequest;
import dev.genlab.model.Generator;
import dev.genlab.model.PhaseTimed;
import dev.genlab.model.Sample;
import dev.genlab.model.TimedWork;
import dev.genlab.modelstore.ModelDirectory;
import dev.genlab.nn.FlopCounter;
import dev.genlab.nn.NativeHeap;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The child side of bench: one model in a fresh JVM, so that its memory figures are its own. Reads a
 * {@link WorkerRequest} (JSON, first argument), writes a {@link WorkerResult} (JSON, second argument), and
 * reports progress on stderr.
 */
public final class BenchWorker {

    private static final int WARMUP = 2;
    /** Throughput at one batch size is timed for at least this long. */
    private static final double MIN_SECONDS = 1.0;
    private static final int GRID_IMAGES = 40;
    /** Widest image a report grid shows at full size. */
    static final int THUMBNAIL = 64;
    /** Generation time the quality phase may take per model, all seed sets together (slow samplers get fewer). */
    static final double QUALITY_SECONDS = 300;
    static final int MIN_QUALITY_SAMPLES = 100;

    private BenchWorker() {}

    public static void main(String[] args) throws Exception {
        NativeHeap.keepFreedArrays(); // as the CLI's process does: the figures are the ones a user gets
        WorkerRequest req = ModelDirectory.JSON.readValue(Path.of(args[0]).toFile(), WorkerRequest.class);
        if (req.threads() != null) {
            System.setProperty("ai.djl.pytorch.num_threads", req.threads().toString());
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        WorkerResult result;
        try {
            result = run(req);
        } catch (RuntimeException | OutOfMemoryError e) {
            // one line for the parent to put in the report: the run goes on with the next model
            String message = e instanceof dev.genlab.core.GenlabException ? e.getMessage()
                    : e instanceof OutOfMemoryError ? "out of memory"
                    : "internal error: " + e.getClass().getSimpleName() + ": " + e.getMessage();
            AtomicFiles.write(Path.of(args[1] + ERROR_SUFFIX), message.lines().findFirst().orElse("")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (System.getenv("GENLAB_DEBUG") != null) {
                e.printStackTrace();
            }
            System.exit(1);
            return;
        }
        AtomicFiles.write(Path.of(args[1]), out -> ModelDirectory.JSON.writeValue(out, result));
    }

    /** Beside the result file: the child's one-line error when it failed. */
    static final String ERROR_SUFFIX = ".error";

    static WorkerResult run(WorkerRequest req) {
        ModelDirectory dir = ModelDirectory.open(Path.of(req.modelDir()));
        ai.djl.Device device = "cuda".equals(req.device()) || "gpu".equals(req.device()) ? ai.djl.Device.gpu()
                : ai.djl.Device.cpu();
        int phases = 3 + (req.classifierDir() != null ? req.seedSets().size() : 0) + (req.peerScript() != null ? 1 : 0);
        String label = dir.name() + (req.sampler() == null ? "" : " " + req.sampler().sampler() + " "
                + req.sampler().steps());
        try (NDManager manager = NDManager.newBaseManager(device);
                PhaseProgress progress = new PhaseProgress(label, phases, req.progressBars(), System.err)) {
            Loaded loaded = load(req, dir, manager, progress);
            Generator g = loaded.generator();
            Latency latency = latency(req, g, progress);
            List<WorkerResult.Throughput> throughput = throughput(req, g, progress);
            int batch = bestBatch(throughput);
            WorkerResult.Phases phaseTimes = latency.timed() == null ? null
                    : phases(req, latency.timed(), g, latency.phasesBatch1(), batch);
            progress.done("throughput measured at batch sizes %s",
                    throughput.stream().map(WorkerResult.Throughput::batch).toList());
            progress.now("generating for the quality metrics");
            double peakRss = MemoryProbe.peakResidentMb();
            boolean generates = !(g instanceof TimedWork);
            // the peak this process can reach now, with its thread count and what else the machine runs: the
            // parent's figure, taken before any row, can be lower than a model's achieved rate on a busy machine
            double peakGflops = MachinePeak.gflops(manager, 5);
            Samples samples = generates ? quality(req, dir, g, manager, throughput, batch, progress)
                    : new Samples(List.of(), g.qualityNotApplicable(), null, List.of(), false);
            writeGrid(req, samples);
            WorkerResult.Peer peer = null;
            if (req.peerScript() != null && generates) {
                int threads = req.threads() != null ? req.threads() : Runtime.getRuntime().availableProcessors();
                peer = peer(req, g, dir, Path.of(req.peerScript()), req.reps() * req.seedSets().size(), batch, threads);
                progress.done("compared with its PyTorch peer (max difference %.2g)", peer.maxAbsDiff());
            }
            g.close();
            return new WorkerResult(dir.name(), dir.manifest().family(), MemoryProbe.pid(), loaded.seconds(),
                    latency.seconds(), throughput, loaded.rssMb(), peakRss, null, latency.flops(), samples.quality(),
                    samples.note(), peer, phaseTimes, peakGflops, unitOnly(req, g) ? ((TimedWork) g).unit() : null);
        }
    }

    /** A loaded model, after its first call (lazy native set-up), with what loading cost. */
    private record Loaded(Generator generator, double seconds, double rssMb) {}

    private static Loaded load(WorkerRequest req, ModelDirectory dir, NDManager manager, PhaseProgress progress) {
        progress.now("loading");
        long t0 = System.nanoTime();
        Generator g = Catalog.registry(dir.path().getParent()).family(dir).load(dir, manager);
        call(req, g, new long[] {0}); // first call: lazy native set-up
        double seconds = (System.nanoTime() - t0) / 1e9;
        double rss = MemoryProbe.residentMb();
        progress.done("loaded in %.2f s", seconds);
        return new Loaded(g, seconds, rss);
    }

    /**
     * Seconds per image at batch 1 (reps per seed set, after a warm-up), FLOPs of one image, and for models
     * that time their phases, the per-image phase seconds at batch 1.
     */
    private record Latency(List<Double> seconds, long flops, PhaseTimed timed,
            java.util.Map<String, Double> phasesBatch1) {}

    private static Latency latency(WorkerRequest req, Generator g, PhaseProgress progress) {
        progress.now("timing one image at a time");
        for (int i = 0; i < WARMUP; i++) {
            call(req, g, new long[] {i});
        }
        FlopCounter.start();
        call(req, g, new long[] {0});
        long flops = FlopCounter.stop();
        List<Double> latency = new ArrayList<>();
        PhaseTimed timed = g instanceof PhaseTimed t ? t : null;
        if (timed != null) {
            timed.resetPhases();
        }
        for (long first : req.seedSets()) {
            for (int r = 0; r < req.reps(); r++) {
                long s = System.nanoTime();
                call(req, g, new long[] {first + r});
                latency.add((System.nanoTime() - s) / 1e9);
            }
        }
        java.util.Map<String, Double> phasesBatch1 = timed == null ? null
                : perImage(timed.phaseSeconds(), latency.size());
        progress.done("latency measured (%d runs)", latency.size());
        return new Latency(latency, flops, timed, phasesBatch1);
    }

    /** Images per second at each batch size asked for, stopping where a call would take over a minute. */
    private static List<WorkerResult.Throughput> throughput(WorkerRequest req, Generator g, PhaseProgress progress) {
        progress.now("searching the best batch size");
        List<WorkerResult.Throughput> throughput = new ArrayList<>();
        int largest = Math.max(1, g.largestBatch());
        for (int asked : (g.batchingHelps() ? req.batchSizes() : List.of(1)).stream().sorted().toList()) {
            int batch = Math.min(asked, largest); // a 1024x1024 network's batch of 128 would not fit in memory
            if (!throughput.isEmpty() && batch <= throughput.get(throughput.size() - 1).batch()) {
                break;
            }
            int size = throughput.isEmpty() ? batch : fitting(throughput.get(throughput.size() - 1), batch);
            if (size == 0) {
                break; // a sampler that takes seconds an image would spend many minutes a call here
            }
            throughput.add(throughput(req, g, size));
            if (size < batch) {
                break; // cut down to fit the minute: every larger size would be cut to the same
            }
        }
        return throughput;
    }

    /**
     * The quality phase's outcome: a result per seed set (none without a classifier), why quality is missing
     * or reduced, and the first set's images for the grid (a column per class when class-balanced).
     */
    private record Samples(List<WorkerResult.QualitySet> quality, String note, List<Image> firstSet,
            List<String> classes, boolean byClass) {}

    private static Samples quality(WorkerRequest req, ModelDirectory dir, Generator g, NDManager manager,
            List<WorkerResult.Throughput> throughput, int batch, PhaseProgress progress) {
        List<WorkerResult.QualitySet> quality = new ArrayList<>();
        String note = null;
        List<Image> firstSet = null;
        ModelDirectory classifierDir = req.classifierDir() == null ? null
                : ModelDirectory.open(Path.of(req.classifierDir()));
        if (g.qualityNotApplicable() != null) {
            note = g.qualityNotApplicable();
            classifierDir = null;
        } else if (classifierDir == null) {
            note = "no classifier installed (models/classifier): quality not measured";
        }
        int perSet = req.qualitySamples();
        List<Long> seedSets = req.seedSets();
        if (classifierDir != null) {
            var budget = qualityBudget(req.qualitySamples(), seedSets.size(),
                    throughput.stream().mapToDouble(WorkerResult.Throughput::imagesPerSecond).max().orElse(1),
                    req.qualitySeconds());
            if (budget[0] < perSet || budget[1] < seedSets.size()) {
                note = String.format(java.util.Locale.ROOT, "%s: quality from %d samples × %d set(s) to keep "
                        + "generation within %.0f s (FD is biased upward at small sample sizes; KID is not)",
                        dir.name(), budget[0], budget[1], req.qualitySeconds());
                perSet = budget[0];
                seedSets = seedSets.subList(0, budget[1]);
            }
        }
        boolean byClass = req.byClass() && classifierDir != null && ClassBalancedSamples.applies(g);
        if (req.byClass() && classifierDir != null && !byClass && note == null) {
            note = dir.name() + " is unconditional: its samples cannot ask for a class (no class accuracy)";
        }
        List<String> classes = byClass ? classifierDir.manifest().classList() : List.of();
        for (long first : seedSets) {
            // without quality metrics, only the sample grid needs images
            int count = classifierDir != null ? perSet : firstSet == null ? GRID_IMAGES : 0;
            if (count == 0) {
                continue;
            }
            int n = Math.min(count, req.qualitySamples());
            ClassBalancedSamples.Set set = byClass
                    ? ClassBalancedSamples.generate(g, req.sampler(), classes, first, n, batch)
                    : new ClassBalancedSamples.Set(generate(req, g, first, n, batch), null);
            if (firstSet == null) {
                firstSet = set.images();
            }
            if (classifierDir != null) {
                quality.add(quality(classifierDir, manager, set, first));
                progress.done("quality of seed set %d measured", first);
            }
        }
        return new Samples(quality, note, firstSet, classes, byClass);
    }

    /** The report's sample grid from the first seed set: a column per class when the samples are class-balanced. */
    private static void writeGrid(WorkerRequest req, Samples samples) {
        if (req.gridFile() == null || samples.firstSet() == null) {
            return;
        }
        int columns = samples.byClass() ? samples.classes().size() : 8;
        int shown = Math.min(samples.firstSet().size(), samples.byClass() ? 4 * columns : GRID_IMAGES);
        byte[] png = PngWriter.encode(ImageGrid.of(thumbnails(samples.firstSet().subList(0, shown)), columns),
                List.of());
        AtomicFiles.write(Path.of(req.gridFile()), png);
    }

    /** Report grids stay small: images wider than {@link #THUMBNAIL} pixels (procedural ones) are shrunk to about it. */
    static List<Image> thumbnails(List<Image> images) {
        List<Image> out = new ArrayList<>(images.size());
        for (Image im : images) {
            int factor = Math.max(1, Math.min(im.width(), im.height()) / THUMBNAIL);
            out.add(im.downscaled(factor));
        }
        return out;
    }

    /** Same seeds through both implementations, then timing in turns: genlab, peer, genlab, peer, … */
    private static WorkerResult.Peer peer(WorkerRequest req, Generator g, ModelDirectory dir, Path script, int reps, int batch,
            int threads) {
        int compare = 16;
        long[] seeds = Seeds.range(0, compare);
        List<Sample> mine = g.generate(request(req, g, seeds));
        double maxDiff = 0;
        try {
            Path npy = java.nio.file.Files.createTempFile("peer-", ".npy");
            PeerProcess.images(script, dir.path(), 0, compare, npy);
            float[] theirs = dev.genlab.data.NpyReader.read(npy).values();
            java.nio.file.Files.deleteIfExists(npy);
            int n = mine.get(0).image().pixels().length;
            for (int i = 0; i < compare; i++) {
                float[] px = mine.get(i).image().pixels();
                for (int k = 0; k < n; k++) {
                    maxDiff = Math.max(maxDiff, Math.abs(px[k] - theirs[i * n + k]));
                }
            }
        } catch (java.io.IOException e) {
            throw new dev.genlab.core.GenlabException("cannot compare with the peer: " + e.getMessage());
        }
        List<Double> genlab = new ArrayList<>();
        List<Double> peerTimes = new ArrayList<>();
        double genlabBatch = 0;
        double peerBatch = 0;
        int batchRounds = 5;
        try (PeerProcess peer = PeerProcess.start(script, dir.path(), threads)) {
            for (int i = 0; i < 2; i++) {
                peer.time(1, i);
                peer.time(batch, i);
            }
            for (int r = 0; r < reps; r++) {
                long s = System.nanoTime();
                g.generate(request(req, g, new long[] {r}));
                genlab.add((System.nanoTime() - s) / 1e9);
                peerTimes.add(peer.time(1, r));
            }
            long[] batchSeeds = new long[batch];
            for (int i = 0; i < batch; i++) {
                batchSeeds[i] = 1000 + i;
            }
            for (int r = 0; r < batchRounds; r++) {
                long s = System.nanoTime();
                g.generate(request(req, g, batchSeeds));
                genlabBatch += (System.nanoTime() - s) / 1e9;
                peerBatch += peer.time(batch, 1000);
            }
        }
        return new WorkerResult.Peer(maxDiff, compare, genlab, peerTimes, batch, batch * batchRounds / genlabBatch,
                batch * batchRounds / peerBatch);
    }

    /** Phase times per image: those of the latency runs (batch 1), then one call at the best batch. */
    private static WorkerResult.Phases phases(WorkerRequest req, PhaseTimed timed, Generator g,
            java.util.Map<String, Double> one, int batch) {
        long[] seeds = Seeds.range(2000, batch);
        timed.resetPhases();
        call(req, g, seeds);
        return new WorkerResult.Phases(one, batch, perImage(timed.phaseSeconds(), batch));
    }

    /**
     * One call of the model for these seeds: a generation, or for a {@link TimedWork} model its unit each (unless
     * the row is a sampler setting's, which times whole generations).
     */
    private static void call(WorkerRequest req, Generator g, long[] seeds) {
        if (unitOnly(req, g)) {
            for (long seed : seeds) {
                ((TimedWork) g).work(seed);
            }
        } else {
            g.generate(request(req, g, seeds));
        }
    }

    private static boolean unitOnly(WorkerRequest req, Generator g) {
        return g instanceof TimedWork && req.sampler() == null;
    }

    private static java.util.Map<String, Double> perImage(java.util.Map<String, Double> total, int images) {
        java.util.Map<String, Double> out = new java.util.LinkedHashMap<>();
        total.forEach((k, v) -> out.put(k, v / images));
        return out;
    }

    private static WorkerResult.Throughput throughput(WorkerRequest req, Generator g, int batch) {
        long[] seeds = Seeds.range(1000, batch);
        call(req, g, seeds); // warm-up at this size
        int runs = 0;
        long start = System.nanoTime();
        double elapsed;
        do {
            call(req, g, seeds);
            runs++;
            elapsed = (System.nanoTime() - start) / 1e9;
        } while (elapsed < MIN_SECONDS || runs < 3);
        double perBatch = elapsed / runs;
        return new WorkerResult.Throughput(batch, batch / perBatch, perBatch);
    }

    /** Longest one call at a batch size may be expected to take for the throughput search to try it. */
    static final double MAX_CALL_SECONDS = 60;

    /**
     * Whether a batch of {@code next} images is worth timing after {@code last}: its call, predicted from the
     * last one's time per image, fits {@link #MAX_CALL_SECONDS} (it is timed at least four times).
     */
    static boolean affordable(WorkerResult.Throughput last, int next) {
        return last.secondsPerBatch() / last.batch() * next <= MAX_CALL_SECONDS;
    }

    /**
     * The batch size to time after {@code last} when {@code next} is asked for: {@code next} if its call fits
     * {@link #MAX_CALL_SECONDS}, else the largest size that does, if that is still above the last one, else 0
     * (stop). A PixelCNN at 9 s an image then gets batch 6 instead of none: stopping left it timed, and its
     * quality samples drawn, at batch 1, which batching makes several times slower per image.
     */
    static int fitting(WorkerResult.Throughput last, int next) {
        if (affordable(last, next)) {
            return next;
        }
        int largest = (int) Math.floor(MAX_CALL_SECONDS / (last.secondsPerBatch() / last.batch()));
        return largest > last.batch() ? Math.min(largest, next) : 0;
    }

    /**
     * Samples per seed set and number of sets that fit the quality phase's time budget at {@code imagesPerSecond}:
     * all of them when they fit, else fewer samples (at least {@link #MIN_QUALITY_SAMPLES}) and, if even that
     * is too slow, one set.
     */
    static int[] qualityBudget(int samples, int sets, double imagesPerSecond) {
        return qualityBudget(samples, sets, imagesPerSecond, QUALITY_SECONDS);
    }

    /** The same within {@code seconds} (a bench run's time budget shared among its rows). */
    static int[] qualityBudget(int samples, int sets, double imagesPerSecond, double seconds) {
        int affordable = (int) (seconds * imagesPerSecond / sets);
        if (affordable >= samples) {
            return new int[] {samples, sets};
        }
        int perSet = Math.min(samples, Math.max(MIN_QUALITY_SAMPLES, affordable));
        int fitSets = (int) Math.max(1, Math.min(sets, seconds * imagesPerSecond / perSet));
        return new int[] {perSet, fitSets};
    }

    static int bestBatch(List<WorkerResult.Throughput> t) {
        return t.stream().max((a, b) -> Double.compare(a.imagesPerSecond(), b.imagesPerSecond())).orElseThrow().batch();
    }

    private static List<Image> generate(WorkerRequest req, Generator g, long first, int n, int batch) {
        List<Image> out = new ArrayList<>(n);
        for (int start = 0; start < n; start += batch) {
            int size = Math.min(batch, n - start);
            long[] seeds = Seeds.range(first + start, size);
            for (Sample s : g.generate(request(req, g, seeds))) {
                out.add(s.image());
            }
        }
        return out;
    }

    private static WorkerResult.QualitySet quality(ModelDirectory classifierDir, NDManager manager,
            ClassBalancedSamples.Set set, long first) {
        ReferenceStatistics ref = ReferenceStatistics.read(classifierDir.path());
        try (ClassifierModel c = ClassifierModel.load(classifierDir, manager)) {
            ClassifierModel.Outputs outputs = c.run(set.images());
            QualityMetrics q = QualityMetrics.of(outputs, ref, null, first);
            Double classAccuracy = null;
            if (set.asked() != null) {
                int hits = 0;
                for (int i = 0; i < set.asked().length; i++) {
                    hits += outputs.predicted(i) == set.asked()[i] ? 1 : 0;
                }
                classAccuracy = hits / (double) set.asked().length;
            }
            return new WorkerResult.QualitySet(first, q.count(), q.fd(), q.kid().mean(), q.kid().std(), q.is().mean(),
                    q.pr().precision(), q.pr().recall(), classAccuracy);
        }
    }

    /** A request for these seeds with the row's sampler settings. */
    private static GenerationRequest request(WorkerRequest req, Generator g, long[] seeds) {
        return g instanceof TimedWork w ? new GenerationRequest(seeds, null, 1.0, req.sampler(), w.benchGenerationOptions())
                : new GenerationRequest(seeds, null, 1.0, req.sampler());
    }

}
