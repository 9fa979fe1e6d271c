package dev.genlab.bench;

import dev.genlab.model.ModelFamily;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything one bench run measured: results.json holds exactly this (schema {@value #SCHEMA}).
 *
 * @param reference the real-vs-real floor (training images against the test split), or null
 */
public record BenchResults(String schema, String created, String genlab, String commit, Machine machine,
        Settings settings, List<Row> rows, Quality reference, List<Advice> advice, double wallSeconds) {

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
     */
    public record Row(String model, String family, Map<String, String> settings, double loadSeconds, Summary latency,
            List<Double> latencyBySet, int bestBatch, double imagesPerSecond, List<WorkerResult.Throughput> throughput,
            double rssAfterLoadMb, double peakRssMb, Double peakGpuMb, long flopsPerImage, double gflops,
            double peakFraction, Quality quality, String qualityNote, String grid, PeerComparison peer,
            Likelihood likelihood, WorkerResult.Phases phases, Double peakGflops) {

        /** The model's name, with its settings when it has any: {@code ddpm (dpmpp-2m, 20 steps, cfg 3)}. */
        public String label() {
            if (settings.isEmpty()) {
                return model;
            }
            List<String> parts = new java.util.ArrayList<>();
            settings.forEach((k, v) -> parts.add(k.equals("sampler") ? v : k.equals("steps") ? v + " steps" : k + " " + v));
            return model + " (" + String.join(", ", parts) + ")";
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
