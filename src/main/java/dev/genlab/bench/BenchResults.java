package dev.genlab.bench;

import dev.genlab.model.ModelFamily;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything one bench run measured: results.json holds exactly this (schema {@value #SCHEMA}).
 *
 * @param reference the real-vs-real floor (training images against the test split), or null
 * @param floors    the same floor at the smaller sample sizes that rows drew within a time budget
 */
public record BenchResults(String schema, String created, String genlab, String commit, Machine machine,
        Settings settings, List<Row> rows, Quality reference, List<Advice> advice, double wallSeconds,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
        List<Failure> failures,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
        List<Quality> floors) {

    public BenchResults {
        failures = failures == null ? List.of() : List.copyOf(failures);
        floors = floors == null ? List.of() : List.copyOf(floors);
    }

    /** A model (with these settings) that could not be measured, and why; the run went on without it. */
    public record Failure(String model, Map<String, String> settings, String reason) {}

    public static final String SCHEMA = "genlab.bench/1";

    /** The machine and engine the figures belong to. */
    public record Machine(String os, String arch, String cpu, int cpus, double memoryGb, String java, String engine,
            String device, int threads, double peakGflops) {}

    /**
     * How the run was made.
     *
     * @param byClass quality samples asked for each class in turn (or a caption of it) rather than for none
     */
    public record Settings(int reps, int qualitySamples, int seedSets, List<Integer> batchSizes, boolean quick,
            boolean peers, boolean byClass) {}

    /**
     * One model under one set of settings.
     *
     * @param settings        what changes the result (steps, sampler, …); empty for models without such settings
     * @param latency         seconds per image at batch 1
     * @param latencyBySet    median latency of each seed set (timing stability)
     * @param peakFraction    achieved GFLOP/s over the machine's peak
     * @param quality         mean ± std over seed sets, or null with {@code qualityNote} saying why
     * @param likelihood      the test split's negative log-likelihood from the model card, or null
     * @param phases          seconds per image in each phase of a pipeline, or null
     * @param peakGflops      the matrix-multiply peak {@code peakFraction} is measured against: the model's own
     *                        process's, with its threads (null in older results: the run's machine peak)
     * @param unit            what one timed call is when it is not one image (a Stable Diffusion checkpoint's
     *                        phases), else null
     */
    public record Row(String model, String family, Map<String, String> settings, double loadSeconds, Summary latency,
            List<Double> latencyBySet, int bestBatch, double imagesPerSecond, List<WorkerResult.Throughput> throughput,
            double rssAfterLoadMb, double peakRssMb, Double peakGpuMb, long flopsPerImage, double gflops,
            double peakFraction, Quality quality, String qualityNote, String grid, PeerComparison peer,
            Likelihood likelihood, WorkerResult.Phases phases, Double peakGflops, String unit) {

        /** The model's name, with its settings when it has any: {@code ddpm (dpmpp-2m, 20 steps, cfg 3)}. */
        public String label() {
            if (settings.isEmpty()) {
                return model;
            }
            List<String> parts = new java.util.ArrayList<>();
            settings.forEach((k, v) -> parts.add(k.equals("sampler") ? v : k.equals("steps") ? v + " steps" : k + " " + v));
            return model + " (" + String.join(", ", parts) + ")";
        }

        /** Starts a row of one model run with these settings; the measurements come in groups. */
        public static Builder builder(String model, String family, Map<String, String> settings) {
            return new Builder(model, family, settings);
        }

        /**
         * Collects a row's measurements by phase (timing, throughput, memory, compute, quality), so that no
         * caller lines up 23 positional arguments; the row's JSON (rows.json, read back by --resume) is unchanged.
         */
        public static final class Builder {
            private final String model;
            private final String family;
            private final Map<String, String> settings;
            private double loadSeconds;
            private Summary latency;
            private List<Double> latencyBySet = List.of();
            private WorkerResult.Phases phases;
            private int bestBatch;
            private double imagesPerSecond;
            private List<WorkerResult.Throughput> throughput = List.of();
            private double rssAfterLoadMb;
            private double peakRssMb;
            private Double peakGpuMb;
            private long flopsPerImage;
            private double gflops;
            private double peakFraction;
            private Double peakGflops;
            private Quality quality;
            private String qualityNote;
            private Likelihood likelihood;
            private PeerComparison peer;
            private String grid;
            private String unit;

            private Builder(String model, String family, Map<String, String> settings) {
                this.model = model;
                this.family = family;
                this.settings = settings;
            }

            /** Seconds to load; latency of each call and the median of each set; time by phase, if measured. */
            public Builder timing(double load, Summary calls, List<Double> bySet, WorkerResult.Phases byPhase) {
                this.loadSeconds = load;
                this.latency = calls;
                this.latencyBySet = bySet;
                this.phases = byPhase;
                return this;
            }

            /** The batch with the best rate, that rate, and every batch size tried. */
            public Builder throughput(int best, double rate, List<WorkerResult.Throughput> tried) {
                this.bestBatch = best;
                this.imagesPerSecond = rate;
                this.throughput = tried;
                return this;
            }

            /** Resident memory after loading and at its peak; peak GPU memory (null on the CPU). */
            public Builder memory(double afterLoadMb, double peakMb, Double peakGpu) {
                this.rssAfterLoadMb = afterLoadMb;
                this.peakRssMb = peakMb;
                this.peakGpuMb = peakGpu;
                return this;
            }

            /** Work per image, the rate it ran at, and the share of the machine's peak that is. */
            public Builder compute(long flops, double achievedGflops, double fractionOfPeak, Double peak) {
                this.flopsPerImage = flops;
                this.gflops = achievedGflops;
                this.peakFraction = fractionOfPeak;
                this.peakGflops = peak;
                return this;
            }

            /** Sample quality (null if not measured, with the reason), likelihood and the peer's verdict. */
            public Builder quality(Quality measured, String note, Likelihood bitsPerDim, PeerComparison peerCheck) {
                this.quality = measured;
                this.qualityNote = note;
                this.likelihood = bitsPerDim;
                this.peer = peerCheck;
                return this;
            }

            /** The sample grid's file name, or null. */
            /** What one timed call is, when it is not one image. */
            public Builder unit(String what) {
                this.unit = what;
                return this;
            }

            public Builder grid(String file) {
                this.grid = file;
                return this;
            }

            public Row build() {
                return new Row(model, family, settings, loadSeconds, latency, latencyBySet, bestBatch, imagesPerSecond,
                        throughput, rssAfterLoadMb, peakRssMb, peakGpuMb, flopsPerImage, gflops, peakFraction, quality,
                        qualityNote, grid, peer, likelihood, phases, peakGflops, unit);
            }
        }
    }

    /**
     * Bits per dimension on the test split, as the model card records it: exact for autoregressive models,
     * an upper bound for a dequantised flow; a VAE's ELBO, in the units of its Bernoulli decoder.
     */
    public record Likelihood(double bitsPerDim, String kind) {

        /** From a model's metrics, or null if it records none. */
        public static Likelihood of(Map<String, Double> metrics, Set<ModelFamily.Capability> capabilities) {
            if (metrics == null) {
                return null;
            }
            if (metrics.containsKey("test_bits_per_dim")) {
                return new Likelihood(metrics.get("test_bits_per_dim"),
                        capabilities.contains(ModelFamily.Capability.DEQUANTISED_LIKELIHOOD)
                                ? "exact density, upper bound after dequantisation" : "exact");
            }
            if (metrics.containsKey("val_bits_per_dim_bound")) {
                // the VAE's decoder is a Bernoulli over grey levels in [0, 1], not a distribution over the 256
                // values of a pixel: its bound is in other units and must not be ranked with the 8-bit figures
                return new Likelihood(metrics.get("val_bits_per_dim_bound"), "−ELBO of a Bernoulli decoder on grey "
                        + "levels: not a likelihood of 8-bit pixels, not comparable with the exact figures");
            }
            return null;
        }
    }

    /**
     * genlab against the PyTorch-Python peer of the same network (same weights, same thread count),
     * timed interleaved. Ratios are genlab time / peer time: below 1 means genlab is faster.
     */
    public record PeerComparison(double maxAbsDiff, boolean matches, double genlabLatency, double peerLatency,
            double latencyRatio, int batch, double genlabImagesPerSecond, double peerImagesPerSecond,
            double throughputTimeRatio) {}

    /**
     * Quality figures as mean and standard deviation over seed sets.
     *
     * @param classAccuracy share of class-balanced samples put in the class they asked for, or null (unconditional
     *                      samples)
     */
    public record Quality(int samplesPerSet, int sets, Spread fd, Spread kid, Spread inceptionScore, Spread precision,
            Spread recall, Spread classAccuracy) {}

    public record Spread(double mean, double std) {

        public static Spread of(double[] v) {
            dev.genlab.metrics.Moments m = dev.genlab.metrics.Moments.of(v);
            return new Spread(m.mean(), m.std());
        }
    }

    /** One recommendation and the figures that decided it. */
    public record Advice(String use, String model, String because) {}
}
