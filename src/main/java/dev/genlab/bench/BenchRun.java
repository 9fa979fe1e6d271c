package dev.genlab.bench;

import ai.djl.ndarray.NDManager;
import dev.genlab.core.GenlabException;
import dev.genlab.core.UsageException;
import dev.genlab.core.Version;
import dev.genlab.metrics.QualityMetrics;
import dev.genlab.metrics.ReferenceStatistics;
import dev.genlab.model.ModelFamily;
import dev.genlab.model.ModelRegistry;
import dev.genlab.model.SamplerSettings;
import dev.genlab.modelstore.ModelDirectory;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The comparative study as one run: every chosen model measured in its own child JVM, then the rows
 * summarised, the real-vs-real floor added, and advice derived from the table.
 */
public final class BenchRun {

    /**
     * How to measure.
     *
     * @param samplers samplers to run iterative models with (a row each); empty = the model's default
     * @param steps    step counts to run iterative models with (a row each); empty = the model's default
     * @param resume   reuse the rows an interrupted run in {@code out} finished ({@link PartialResults})
     * @param cfgs     guidance scales to run iterative models with (a row each); empty = the model's default
     * @param byClass  quality samples ask for each class in turn and get a class accuracy (implied by cfgs)
     * @param redo     models whose rows a resumed run measures again (retrained since), not reused
     */
    public record Settings(List<String> models, int reps, int qualitySamples, int seedSets, List<Integer> batchSizes,
            String device, Integer threads, Path out, boolean quick, boolean peers, List<String> samplers,
            List<Integer> steps, boolean resume, List<Double> cfgs, boolean byClass, List<String> redo,
            Double budgetSeconds) {

        /** The whole protocol, no time budget. */
        public Settings(List<String> models, int reps, int qualitySamples, int seedSets, List<Integer> batchSizes,
                String device, Integer threads, Path out, boolean quick, boolean peers, List<String> samplers,
                List<Integer> steps, boolean resume, List<Double> cfgs, boolean byClass, List<String> redo) {
            this(models, reps, qualitySamples, seedSets, batchSizes, device, threads, out, quick, peers, samplers, steps,
                    resume, cfgs, byClass, redo, null);
        }

        public Settings(List<String> models, int reps, int qualitySamples, int seedSets, List<Integer> batchSizes,
                String device, Integer threads, Path out, boolean quick, boolean peers, List<String> samplers,
                List<Integer> steps, boolean resume, List<Double> cfgs, boolean byClass) {
            this(models, reps, qualitySamples, seedSets, batchSizes, device, threads, out, quick, peers, samplers, steps,
                    resume, cfgs, byClass, List.of());
        }

        public Settings {
            cfgs = cfgs == null ? List.of() : List.copyOf(cfgs);
            redo = redo == null ? List.of() : List.copyOf(redo);
            if (!redo.isEmpty() && !resume) {
                throw new UsageException("--redo measures rows of a resumed run again: add --resume and --out");
            }
            // guidance pulls samples toward what they ask for: unconditional samples ask for nothing
            byClass = byClass || !cfgs.isEmpty();
            if (reps < 2 || reps > 1000) {
                throw new UsageException("--reps must be between 2 and 1000, got " + reps);
            }
            if (qualitySamples < 50 || qualitySamples > 100_000) {
                throw new UsageException("--samples must be between 50 and 100000, got " + qualitySamples);
            }
            if (seedSets < 1 || seedSets > 20) {
                throw new UsageException("--seed-sets must be between 1 and 20, got " + seedSets);
            }
        }
    }

    private static final long SEED_SET_STRIDE = 1_000_000L;

    private BenchRun() {}

    public static BenchResults run(Settings s, ModelRegistry registry, NDManager manager, PrintStream log) {
        long t0 = System.nanoTime();
        List<ModelDirectory> models = new ArrayList<>();
        List<String> names = s.models().isEmpty() ? registry.names() : s.models();
        for (String name : names) {
            ModelDirectory m = registry.find(name);
            registry.family(m); // fails clearly for models that generate nothing
            models.add(m);
        }
        if (models.isEmpty()) {
            throw new GenlabException("no image generators installed in " + registry.modelsDir()
                    + " (see `genlab models`)");
        }
        ModelDirectory classifier = registry.list().stream().map(ModelRegistry.Listing::model)
                .filter(m -> m != null && m.name().equals("classifier")).findFirst().orElse(null);
        log.printf("bench: %d model(s) [%s], %d reps x %d seed set(s), %d samples per set for quality%s%n",
                models.size(), String.join(", ", models.stream().map(ModelDirectory::name).toList()), s.reps(),
                s.seedSets(), s.qualitySamples(), classifier == null ? " (no classifier: quality skipped)" : "");
        PartialResults.Measurement measurement = PartialResults.Measurement.of(s);
        PartialResults.Content done = s.resume() ? PartialResults.load(s.out(), measurement) : null;
        double peak = done != null ? done.peakGflops() : MachinePeak.gflops(manager, 5);
        log.printf("machine peak (fp32 matrix multiply or 3x3 convolution): %.1f GFLOP/s%s%n", peak, done == null ? ""
                : " (from the interrupted run, " + done.rows().size() + " row(s) finished)");

        List<Long> seedSets = new ArrayList<>();
        for (int i = 0; i < s.seedSets(); i++) {
            seedSets.add(i * SEED_SET_STRIDE);
        }
        List<BenchResults.Row> rows = new ArrayList<>();
        List<BenchResults.Failure> failures = new ArrayList<>();
        long runStart = System.nanoTime();
        int total = 0;
        for (ModelDirectory m : models) {
            total += rows(registry.family(m), m, s).size();
        }
        for (ModelDirectory m : models) {
            Path peer = s.peers() ? Peers.script(m, log) : null;
            for (SamplerSettings variant : rows(registry.family(m), m, s)) {
                Map<String, String> settings = settings(variant);
                String suffix = settings.isEmpty() ? "" : "-" + String.join("-", settings.values());
                BenchResults.Row finished = s.redo().contains(m.name()) ? null
                        : PartialResults.find(done, m.name(), settings);
                if (finished != null) {
                    log.printf("%s%s: measured earlier into this folder (rows.json), kept%n", m.name(),
                            settings.isEmpty() ? "" : " " + settings);
                    rows.add(finished);
                    continue;
                }
                log.printf("[%d/%d] measuring %s%s in its own process...%n", rows.size() + failures.size() + 1, total,
                        m.name(), settings.isEmpty() ? "" : " " + settings);
                long rowStart = System.nanoTime();
                String grid = "grid-" + m.name() + suffix + ".png";
                double quality = qualitySeconds(s.budgetSeconds(), (System.nanoTime() - runStart) / 1e9,
                        total - rows.size() - failures.size());
                WorkerRequest req = new WorkerRequest(m.path().toAbsolutePath().toString(),
                        classifier == null ? null : classifier.path().toAbsolutePath().toString(), s.reps(),
                        s.batchSizes(), s.qualitySamples(), seedSets, s.device(), s.threads(),
                        s.out().resolve(grid).toAbsolutePath().toString(), peer == null ? null : peer.toString(),
                        variant, System.console() != null, s.byClass(), quality);
                WorkerResult r;
                try {
                    r = ChildProcess.run(req, s.out().resolve(".work"), "4g");
                } catch (dev.genlab.core.GenlabException e) {
                    failures.add(new BenchResults.Failure(m.name(), settings, e.getMessage()));
                    log.printf("[%d/%d] %s%s could not be measured: %s; going on with the next%n",
                            rows.size() + failures.size(), total, m.name(), settings.isEmpty() ? "" : " " + settings,
                            e.getMessage());
                    continue;
                }
                rows.add(row(r, settings, s.reps(), peak, grid, BenchResults.Likelihood.of(m.manifest().metrics(),
                        registry.family(m).capabilities())));
                PartialResults.save(s.out(), measurement, peak, rows);
                log.printf(java.util.Locale.ROOT, "[%d/%d] done in %.0f s (%.1f min so far)%n",
                        rows.size() + failures.size(), total,
                        (System.nanoTime() - rowStart) / 1e9, (System.nanoTime() - t0) / 60e9);
            }
        }
        // rows kept from rows.json after the last measured one are saved only here: without this, a --redo of
        // one model left rows.json with the rows up to it, and the next --resume measured the rest again
        PartialResults.save(s.out(), measurement, peak, rows);
        BenchResults.Quality reference = classifier == null ? null : realVsReal(classifier, s.qualitySamples(),
                seedSets);
        // rows cut to fit a time budget drew fewer samples: each such size gets its own floor beside them
        List<BenchResults.Quality> floors = new ArrayList<>();
        if (classifier != null) {
            rows.stream().map(BenchResults.Row::quality).filter(q -> q != null && (q.samplesPerSet() != s.qualitySamples()
                    || q.sets() != seedSets.size())).map(q -> List.of(q.samplesPerSet(), q.sets())).distinct()
                    .sorted(java.util.Comparator.comparing((List<Integer> k) -> k.get(0)))
                    .forEach(k -> floors.add(realVsReal(classifier, k.get(0), seedSets.subList(0, k.get(1)))));
        }
        BenchResults.Machine machine = MachineInfo.describe(s.device(), s.threads(), peak);
        List<BenchResults.Advice> advice = AdviceRules.derive(rows, r -> registry.family(registry.find(r.model()))
                .capabilities().contains(ModelFamily.Capability.PROCEDURAL));
        return new BenchResults(BenchResults.SCHEMA, Instant.now().toString(), Version.version(), Version.commit(),
                machine, new BenchResults.Settings(s.reps(), s.qualitySamples(), s.seedSets(), s.batchSizes(), s.quick(),
                        s.peers(), s.byClass()),
                rows, reference, advice, (System.nanoTime() - t0) / 1e9, failures, floors);
    }

    /**
     * The rows of a model: {@link #variants} of its default sampler, or one row (null) for a family whose sampler
     * rows come only when asked for ({@link ModelFamily#samplerRowsOnRequest}) and none were.
     */
    public static List<SamplerSettings> rows(ModelFamily family, ModelDirectory m, Settings s) {
        boolean asked = !s.samplers().isEmpty() || !s.steps().isEmpty() || !s.cfgs().isEmpty();
        return variants(family.samplerRowsOnRequest() && !asked ? null : family.defaultSampler(m), s);
    }

    /** The rows of a model: one for a one-pass model (null), else each sampler × step count × guidance scale asked for. */
    public static List<SamplerSettings> variants(SamplerSettings defaults, Settings s) {
        if (defaults == null) {
            return java.util.Collections.singletonList(null);
        }
        List<SamplerSettings> out = new ArrayList<>();
        for (String entry : s.samplers().isEmpty() ? List.of(defaults.sampler()) : s.samplers()) {
            SamplerChoice choice = SamplerChoice.parse(entry);
            List<Integer> counts = choice.steps() != null ? List.of(choice.steps())
                    : s.steps().isEmpty() ? List.of(defaults.steps()) : s.steps();
            for (int steps : counts) {
                for (double cfg : s.cfgs().isEmpty() ? List.of(defaults.cfg()) : s.cfgs()) {
                    out.add(new SamplerSettings(choice.sampler(), steps, cfg, defaults.eta(), defaults.karras()));
                }
            }
        }
        return out;
    }

    /**
     * One entry of --samplers: a sampler name, optionally with its own step count ("ddpm:1000" adds the
     * full ancestral chain without running every other sampler at 1000 steps).
     */
    public record SamplerChoice(String sampler, Integer steps) {

        public static SamplerChoice parse(String entry) {
            int colon = entry.indexOf(':');
            if (colon < 0) {
                return new SamplerChoice(entry, null);
            }
            String count = entry.substring(colon + 1);
            try {
                int steps = Integer.parseInt(count);
                if (steps >= 1) {
                    return new SamplerChoice(entry.substring(0, colon), steps);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new UsageException("--samplers entry '" + entry + "': the part after ':' must be a step count "
                    + "of at least 1 (e.g. ddpm:1000)");
        }
    }

    static Map<String, String> settings(SamplerSettings v) {
        if (v == null) {
            return Map.of();
        }
        Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("sampler", v.sampler());
        m.put("steps", Integer.toString(v.steps()));
        m.put("cfg", v.cfg() == Math.rint(v.cfg()) ? Long.toString((long) v.cfg()) : Double.toString(v.cfg()));
        return m;
    }

    static BenchResults.Row row(WorkerResult r, Map<String, String> settings, int reps, double peak, String grid,
            BenchResults.Likelihood likelihood) {
        double[] lat = r.latencySeconds().stream().mapToDouble(Double::doubleValue).toArray();
        List<Double> bySet = new ArrayList<>();
        for (int from = 0; from + reps <= lat.length; from += reps) {
            bySet.add(Summary.of(java.util.Arrays.copyOfRange(lat, from, from + reps)).median());
        }
        int best = BenchWorker.bestBatch(r.throughput());
        double ips = r.throughput().stream().filter(t -> t.batch() == best).findFirst().orElseThrow().imagesPerSecond();
        double gflops = r.flopsPerImage() * ips / 1e9;
        double ownPeak = r.peakGflops() > 0 ? r.peakGflops() : peak;
        BenchResults.Quality q = null;
        if (!r.quality().isEmpty()) {
            var sets = r.quality();
            q = new BenchResults.Quality(sets.get(0).n(), sets.size(),
                    BenchResults.Spread.of(sets.stream().mapToDouble(WorkerResult.QualitySet::fd).toArray()),
                    BenchResults.Spread.of(sets.stream().mapToDouble(WorkerResult.QualitySet::kid).toArray()),
                    BenchResults.Spread.of(sets.stream().mapToDouble(WorkerResult.QualitySet::inceptionScore).toArray()),
                    BenchResults.Spread.of(sets.stream().mapToDouble(WorkerResult.QualitySet::precision).toArray()),
                    BenchResults.Spread.of(sets.stream().mapToDouble(WorkerResult.QualitySet::recall).toArray()),
                    sets.stream().anyMatch(x -> x.classAccuracy() == null) ? null : BenchResults.Spread.of(
                            sets.stream().mapToDouble(WorkerResult.QualitySet::classAccuracy).toArray()));
        }
        return BenchResults.Row.builder(r.model(), r.family(), settings)
                .timing(r.loadSeconds(), Summary.of(lat), bySet, r.phases())
                .throughput(best, ips, r.throughput())
                .memory(r.rssAfterLoadMb(), r.peakRssMb(), r.peakGpuMb())
                .compute(r.flopsPerImage(), gflops, ownPeak > 0 ? gflops / ownPeak : 0, ownPeak)
                .quality(q, r.qualityNote(), likelihood, Peers.compare(r.peer()))
                .grid(grid)
                .unit(r.unit())
                .build();
    }

    /**
     * Training images against the test split, as many per draw as the rows' samples per seed set and as many
     * draws as seed sets: the floor at the rows' own sample size, with its spread over draws.
     */
    static BenchResults.Quality realVsReal(ModelDirectory classifier, int n, List<Long> seedSets) {
        ReferenceStatistics ref = ReferenceStatistics.read(classifier.path());
        List<QualityMetrics.Floor> draws = seedSets.stream().map(seed -> QualityMetrics.floor(ref, n, seed)).toList();
        // No Inception-style score: the reference keeps features, not class probabilities.
        return new BenchResults.Quality(draws.get(0).n(), draws.size(),
                BenchResults.Spread.of(draws.stream().mapToDouble(QualityMetrics.Floor::fd).toArray()),
                BenchResults.Spread.of(draws.stream().mapToDouble(d -> d.kid().mean()).toArray()), null,
                BenchResults.Spread.of(draws.stream().mapToDouble(d -> d.pr().precision()).toArray()),
                BenchResults.Spread.of(draws.stream().mapToDouble(d -> d.pr().recall()).toArray()), null);
    }

    /** Of a row's time in a budgeted run, the share its quality samples get; the rest loads and times it. */
    static final double QUALITY_SHARE = 0.6;
    /** Quality seconds a row gets however late it comes: enough for the minimum sample count of a fast model. */
    static final double MIN_QUALITY_SECONDS = 10;

    /**
     * The quality phase's seconds for the next row: the whole protocol's without a budget, else a share of what
     * is left of the budget divided among the rows left, so that a slow row early leaves less to the others and
     * the run ends near its budget.
     */
    static double qualitySeconds(Double budget, double elapsed, int rowsLeft) {
        if (budget == null) {
            return BenchWorker.QUALITY_SECONDS;
        }
        double perRow = Math.max(0, budget - elapsed) / Math.max(1, rowsLeft);
        return Math.min(BenchWorker.QUALITY_SECONDS, Math.max(MIN_QUALITY_SECONDS, QUALITY_SHARE * perRow));
    }
}
