package dev.genlab.cli;

import ai.djl.ndarray.NDManager;
import dev.genlab.bench.BenchResults;
import dev.genlab.bench.BenchRun;
import dev.genlab.bench.PartialResults;
import dev.genlab.core.GenlabException;
import dev.genlab.core.UsageException;
import dev.genlab.model.ModelRegistry;
import dev.genlab.report.BenchReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `genlab bench`: the comparative study as one command. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure every installed model side by side: time per image (batch 1, with a 95%% CI), "
                + "throughput at the best batch, load time, memory of the model's own process, achieved GFLOP/s, "
                + "and quality (FD-FMNIST, KID, IS, precision/recall) over several seed sets.",
            "Writes results.json, results.csv, report.md and report.html, and records the run in the run database "
                    + "(runs/genlab.db; `genlab history --bench`)."})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--models", split = ",", paramLabel = "A,B", description = "Models to measure (default: all).")
    List<String> models = new ArrayList<>();

    @Option(names = "--quick", description = "A first look: 2 reps, at most 200 samples, 1 seed set, a 3-minute "
            + "budget (about 5 minutes for the bundled models on 2 cores: loading and timing are not cut).")
    boolean quick;

    @Option(names = "--budget", paramLabel = "TIME", description = "Time for the whole run, e.g. 15m, 900s, 1h "
            + "(default: 15m, --quick: 3m): shared among the rows as it goes, it sets how many quality samples each "
            + "draws (at least 100; the report says how many and the floor at that count). Loading and timing a "
            + "model are never cut.")
    String budget;

    @Option(names = "--full", description = "The whole protocol without a time budget: every row draws its samples "
            + "(up to 5 minutes of generation each; over an hour for the bundled models on 2 cores).")
    boolean full;

    @Option(names = "--reps", description = "Timed repetitions at batch 1 per seed set (default: 5, --quick: 2).")
    Integer reps;

    @Option(names = "--samples", description = "Samples per seed set for quality (default: 1000, --quick: 200).")
    Integer samples;

    @Option(names = "--seed-sets", description = "Seed sets, for the spread of quality and timing (default: 3, --quick: 1).")
    Integer seedSets;

    @Option(names = "--batch-sizes", split = ",", paramLabel = "B1,B2", description = "Batch sizes searched for "
            + "throughput (default: 1,8,32,128,256; --quick: 1,32,128).")
    List<Integer> batchSizes;

    @Option(names = "--samplers", split = ",", paramLabel = "S1,S2", description = "Diffusion models: a row per "
            + "sampler (default: the model's own), e.g. ddim,dpmpp-2m; NAME:STEPS gives one its own step count "
            + "(ddpm:1000).")
    List<String> samplers = new ArrayList<>();

    @Option(names = "--steps", split = ",", paramLabel = "N1,N2", description = "Diffusion models: a row per step "
            + "count (default: the model's own), e.g. 10,20,50.")
    List<Integer> steps = new ArrayList<>();

    @Option(names = "--cfg", split = ",", paramLabel = "W1,W2", description = "Diffusion models: a row per "
            + "classifier-free guidance scale (default: the model's own), e.g. 1,2,3,5 (1 = no guidance); implies "
            + "--by-class, and the report charts class accuracy and quality against the scale.")
    List<Double> cfgs = new ArrayList<>();

    @Option(names = "--by-class", description = "Quality samples ask for each class in turn (a text-to-image model "
            + "gets a training caption of it) and get a class accuracy column: the share the classifier puts in the "
            + "class asked for. Default: unconditional samples.")
    boolean byClass;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: runs/bench-<time>).")
    Path out;

    @Option(names = "--resume", description = "Continue or extend the run in --out: rows it measured (kept in "
            + "rows.json after each row) are reused, the rest measured. Needs the same settings.")
    boolean resume;

    @Option(names = "--redo", split = ",", paramLabel = "A,B", description = "With --resume: measure these models' "
            + "rows again instead of reusing them (after retraining a model).")
    List<String> redo = new ArrayList<>();

    @Option(names = "--peers", description = "Also check each model against its PyTorch-Python reference "
            + "(tools/peers, needs Debian's python3-torch) and time both interleaved.")
    boolean peers;

    @Option(names = "--study", paramLabel = "MODEL", description = "Run the study's own protocol instead: five "
            + "512x512 faces from a prompt with this Stable Diffusion model, then its VAE encoding and decoding the "
            + "face five times (and --study-gan's image five times); prints Table 3.1 beside the study's figures. "
            + "--steps sets the sampler steps (default: the model's, 50 PNDM steps).")
    String study;

    @Option(names = "--study-gan", paramLabel = "MODEL", description = "With --study: the GAN row's model.")
    String studyGan;

    @Option(names = "--study-size", defaultValue = "512x512", paramLabel = "WxH", description = "With --study: the "
            + "face's size (default: ${DEFAULT-VALUE}, the study's).")
    String studySize;

    @Option(names = "--iterations", defaultValue = "5", description = "With --study: timed iterations per row "
            + "(default: ${DEFAULT-VALUE}, as the study).")
    int iterations;

    @Mixin
    CommonOptions common;

    @Mixin
    RunDatabaseOption runDatabase = new RunDatabaseOption();

    private int study() {
        if (steps.size() > 1) {
            throw new UsageException("--study takes one --steps value, got " + steps);
        }
        Path dir = out != null ? out : Path.of("runs", "study-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        if (Files.exists(dir.resolve("study.md"))) {
            throw new GenlabException(dir + " already holds a study; choose another --out");
        }
        var settings = new dev.genlab.bench.StudyRun.Settings(study, studyGan, steps.isEmpty() ? null : steps.get(0),
                iterations, 1, dir, studySize);
        try (NDManager manager = common.newManager()) {
            System.out.print(dev.genlab.bench.StudyRun.run(settings, common.registry(), manager, System.err));
        }
        System.out.println("wrote " + dir.resolve("study.md") + ", " + dir.resolve("study-face.png") + ", "
                + dir.resolve("study-face-vae.png"));
        return 0;
    }

    @Override
    public Integer call() {
        if (study != null) {
            return study();
        }
        if (studyGan != null) {
            throw new UsageException("--study-gan goes with --study MODEL");
        }
        int r = reps != null ? reps : quick ? 2 : 5;
        int n = samples != null ? samples : quick ? 200 : 1000;
        int sets = seedSets != null ? seedSets : quick ? 1 : 3;
        List<Integer> batches = batchSizes != null ? batchSizes : quick ? List.of(1, 32, 128) : List.of(1, 8, 32, 128, 256);
        for (int b : batches) {
            if (b < 1 || b > 4096) {
                throw new UsageException("--batch-sizes must be between 1 and 4096, got " + b);
            }
        }
        if (resume && out == null) {
            throw new UsageException("--resume needs --out: the folder of the interrupted run to continue");
        }
        Path dir = out != null ? out : Path.of("runs", "bench-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        if (resume && !Files.exists(PartialResults.file(dir)) && !Files.exists(dir.resolve("results.json"))) {
            throw new UsageException("--resume: " + dir + " holds no bench run to continue (no "
                    + PartialResults.FILE + " or results.json); leave --resume out to start one there");
        }
        if (!resume && Files.exists(dir.resolve("results.json"))) {
            throw new GenlabException(dir + " already holds a finished bench run; choose another --out, or add "
                    + "--resume to measure more models into it");
        }
        if (!resume && Files.exists(PartialResults.file(dir))) {
            throw new GenlabException(dir + " holds an interrupted bench run (" + PartialResults.FILE + "); add "
                    + "--resume to continue it, or choose another --out");
        }
        for (String entry : samplers) {
            String sampler = BenchRun.SamplerChoice.parse(entry).sampler();
            if (!dev.genlab.sampling.Samplers.NAMES.contains(sampler)) {
                throw new dev.genlab.core.UsageException("unknown sampler '" + sampler + "' in --samplers; valid: "
                        + String.join(", ", dev.genlab.sampling.Samplers.NAMES));
            }
        }
        if (full && budget != null) {
            throw new UsageException("--full runs without a time budget: give --full or --budget, not both");
        }
        Double seconds = full ? null : (double) Durations.seconds(budget != null ? budget : quick ? "3m" : "15m",
                "--budget");
        var settings = new BenchRun.Settings(models, r, n, sets, batches, common.device, common.threads, dir, quick,
                peers, samplers, steps, resume, cfgs, byClass, redo, seconds);
        ModelRegistry registry = common.registry();
        int onePass = 0;
        int samplerRows = 0;
        for (String name : models.isEmpty() ? registry.names() : models) {
            var m = registry.find(name);
            var rows = BenchRun.rows(registry.family(m), m, settings);
            if (rows.get(0) == null) {
                onePass++;
            } else {
                samplerRows += rows.size();
            }
        }
        // Rough, from runs on 2 cores: start-up and timing phases, then generation + metrics per seed set. An
        // iterative model's row costs its steps times a network pass, which only its own run can tell.
        double estimate = 5 + onePass * (12 + 1.5 * batches.size() + sets * (n / 400.0 + 6));
        if (seconds != null) {
            System.err.printf("genlab bench: %d row(s) in a budget of %s (quality samples drawn to fit; --full for "
                    + "the whole protocol)%n", onePass + samplerRows, Durations.words(seconds));
        } else {
            System.err.printf("genlab bench: %d one-pass model(s), estimated time about %.0f s%s (--full)%n", onePass,
                    estimate, samplerRows == 0 ? "" : "; plus " + samplerRows + " sampler row(s) of iterative models, "
                            + "each timed as it finishes (minutes each at tens of steps)");
        }
        try (NDManager manager = common.newManager()) {
            BenchResults results = BenchRun.run(settings, registry, manager, System.err);
            List<Path> files = BenchReport.write(results, dir);
            try (var db = runDatabase.openOrWarn()) {
                if (db != null) {
                    db.addBenchRun(results, dir);
                }
            } catch (dev.genlab.core.GenlabException e) {
                System.err.println("genlab: warning: " + e.getMessage());
            }
            System.out.println(BenchReport.markdown(results));
            System.out.println("wrote " + String.join(", ", files.stream().map(Path::toString).toList()));
            if (!results.failures().isEmpty()) {
                throw new dev.genlab.core.GenlabException(results.failures().size() + " model(s) could not be measured ("
                        + String.join(", ", results.failures().stream().map(BenchResults.Failure::model).toList())
                        + "): the report says why" + (results.rows().isEmpty() ? "" : "; the others were measured"));
            }
        }
        return 0;
    }
}
