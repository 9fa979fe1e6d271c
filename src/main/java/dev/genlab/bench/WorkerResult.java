package dev.genlab.bench;

import java.util.List;

/**
 * What one child process measured. Memory figures are the child's own (it ran nothing but this model).
 *
 * @param latencySeconds    seconds for one image at batch 1, every timed repetition of every seed set
 * @param rssAfterLoadMb    resident memory after loading the model (VmRSS)
 * @param peakRssMb         peak resident memory while generating (VmHWM), before the classifier was loaded
 * @param peakGpuMb         peak GPU memory, or null on CPU
 * @param flopsPerImage     counted from layer shapes (convolutions and linear layers)
 * @param quality           one entry per seed set, or empty when no classifier was available
 * @param phases            where the time goes, for a model that times its phases; else null
 * @param peakGflops        fp32 matrix-multiply GFLOP/s measured in this process after the timings
 */
public record WorkerResult(String model, String family, long pid, double loadSeconds, List<Double> latencySeconds,
        List<Throughput> throughput, double rssAfterLoadMb, double peakRssMb, Double peakGpuMb, long flopsPerImage,
        List<QualitySet> quality, String qualityNote, Peer peer, Phases phases, double peakGflops, String unit) {

    /**
     * Seconds per image in each phase of a pipeline (text encoding, denoising, decoding), at batch 1 (over the
     * latency runs) and at the best batch.
     */
    public record Phases(java.util.Map<String, Double> batch1, int bestBatch, java.util.Map<String, Double> best) {}

    /**
     * genlab against its PyTorch-Python peer, timed interleaved (one run each, in turn).
     *
     * @param maxAbsDiff largest difference between the two implementations' images for the same seeds
     */
    public record Peer(double maxAbsDiff, int comparedImages, List<Double> genlabLatency, List<Double> peerLatency,
            int batch, double genlabImagesPerSecond, double peerImagesPerSecond) {}

    /** Images per second at one batch size. */
    public record Throughput(int batch, double imagesPerSecond, double secondsPerBatch) {}

    /**
     * Quality of one seed set.
     *
     * @param classAccuracy share of class-balanced samples the classifier puts in the class they asked for,
     *                      or null when the samples asked for none
     */
    public record QualitySet(long firstSeed, int n, double fd, double kid, double kidStd, double inceptionScore,
            double precision, double recall, Double classAccuracy) {}
}
