package dev.genlab.bench;

import dev.genlab.model.SamplerSettings;
import java.util.List;

/**
 * What one child process measures.
 *
 * @param modelDir      the model folder
 * @param classifierDir the classifier folder for quality, or null to skip quality
 * @param reps          timed repetitions of one image at batch 1, per seed set
 * @param batchSizes    candidates for the throughput search
 * @param qualitySamples images per seed set for the quality metrics
 * @param seedSets      first seeds of the seed sets
 * @param gridFile      where to write a sample grid (PNG), or null
 * @param peerScript    the PyTorch-Python reference of this model to check and time against, or null
 * @param sampler       the sampler settings of an iterative model's row, or null for its defaults
 * @param progressBars  draw a progress bar (the parent runs on a terminal) rather than a line per phase
 * @param byClass       quality samples ask for each class in turn ({@link ClassBalancedSamples}) and get a class
 *                      accuracy; otherwise they are unconditional
 */
public record WorkerRequest(String modelDir, String classifierDir, int reps, List<Integer> batchSizes,
        int qualitySamples, List<Long> seedSets, String device, Integer threads, String gridFile, String peerScript,
        SamplerSettings sampler, boolean progressBars, boolean byClass, double qualitySeconds) {

    /** A request whose quality phase has the whole protocol's time ({@link BenchWorker#QUALITY_SECONDS}). */
    public WorkerRequest(String modelDir, String classifierDir, int reps, List<Integer> batchSizes,
            int qualitySamples, List<Long> seedSets, String device, Integer threads, String gridFile, String peerScript,
            SamplerSettings sampler, boolean progressBars, boolean byClass) {
        this(modelDir, classifierDir, reps, batchSizes, qualitySamples, seedSets, device, threads, gridFile,
                peerScript, sampler, progressBars, byClass, BenchWorker.QUALITY_SECONDS);
    }
}
