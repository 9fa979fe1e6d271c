package dev.genlab.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The vector quantiser of VQ-VAE (van den Oord et al., 2017): each D-dim vector of an encoder's output is
 * replaced by its nearest codebook entry; the straight-through estimator copies the decoder's gradient to
 * the encoder unchanged, a commitment loss keeps the encoder near its codes, and the codebook follows
 * exponential moving averages of the vectors assigned to each code (the paper's appendix; Laplace
 * smoothing as in Sonnet), so it needs no gradient. The codebook and its averages are parameters under
 * their own prefix: saved and restored with a checkpoint, but kept away from the optimiser.
 */
public final class VectorQuantizer {

    private static final float EPS = 1e-5f;

    private final int codes;
    private final int dim;
    private final float decay;
    private final NDArray codebook;
    private final NDArray emaCount;
    private final NDArray emaSum;

    public VectorQuantizer(Parameters p, String name, int codes, int dim, float decay) {
        if (codes < 2 || dim < 1 || !(decay > 0 && decay < 1)) {
            throw new IllegalArgumentException("need ≥ 2 codes, dim ≥ 1 and a decay in (0, 1)");
        }
        this.codes = codes;
        this.dim = dim;
        this.decay = decay;
        codebook = p.uniform(name + ".codebook", new Shape(codes, dim), 1.0 / codes);
        emaCount = p.constant(name + ".ema_count", new Shape(codes), 0f);
        emaSum = p.copyOf(name + ".ema_sum", codebook);
    }

    public int codes() {
        return codes;
    }

    /**
     * @param quantised   (B, D, H, W): the codes, with the straight-through gradient to the input
     * @param indices     (B, H, W) int64: the chosen code of each position
     * @param commitment  mean squared distance between the input and its (fixed) codes
     */
    public record Result(NDArray quantised, NDArray indices, NDArray commitment, NDArray flatInput, NDArray oneHot) {}

    /** Quantises z (B, D, H, W). */
    public Result quantise(NDArray z) {
        Shape s = z.getShape();
        long b = s.get(0);
        long h = s.get(2);
        long w = s.get(3);
        NDArray flat = z.transpose(0, 2, 3, 1).reshape(-1, dim); // (N, D)
        NDArray book = Tensors.local(codebook.stopGradient(), z);
        // ‖z − e‖² = ‖z‖² − 2 z·e + ‖e‖²; the ‖z‖² term does not change the argmin
        NDArray dist = book.square().sum(new int[] {1}).reshape(1, codes)
                .sub(Tensors.scale(flat.stopGradient().matMul(book.transpose()), 2));
        NDArray indices = dist.argMin(1); // (N)
        NDArray oneHot = indices.oneHot(codes).toType(DataType.FLOAT32, false); // (N, K)
        NDArray chosen = oneHot.matMul(book); // (N, D), no gradient
        NDArray commitment = flat.sub(chosen).square().mean();
        NDArray straightThrough = flat.add(chosen.sub(flat).stopGradient());
        NDArray quantised = straightThrough.reshape(b, h, w, dim).transpose(0, 3, 1, 2);
        return new Result(quantised, indices.reshape(b, h, w), commitment, flat.stopGradient(), oneHot);
    }

    /** The codes (B, D, H, W) of indices (B, H, W): what the decoder gets for sampled code grids. */
    public NDArray lookup(NDArray indices) {
        Shape s = indices.getShape();
        NDArray oneHot = indices.reshape(-1).oneHot(codes).toType(DataType.FLOAT32, false);
        NDArray chosen = oneHot.matMul(Tensors.local(codebook.stopGradient(), indices));
        return chosen.reshape(s.get(0), s.get(1), s.get(2), dim).transpose(0, 3, 1, 2);
    }

    /**
     * Moves each code toward the mean of the vectors assigned to it in this batch: count and sum averages
     * with the decay, Laplace-smoothed counts, code = sum / count. Call after the optimiser's step, with
     * gradients off.
     */
    public void update(Result r) {
        NDArray n = r.oneHot().sum(new int[] {0}); // (K), in the step's manager
        NDArray m = r.oneHot().transpose().matMul(r.flatInput()); // (K, D)
        emaCount.muli(decay).addi(n.muli(1 - decay));
        emaSum.muli(decay).addi(m.muli(1 - decay));
        // results of operations on the averages would land in the parameters' manager: use a scratch one
        try (ai.djl.ndarray.NDManager scratch = codebook.getManager().newSubManager()) {
            NDArray count = emaCount.duplicate();
            count.attach(scratch);
            float total = count.sum().getFloat();
            count.addi(EPS).divi(total + codes * EPS).muli(total);
            NDArray fresh = emaSum.duplicate();
            fresh.attach(scratch);
            fresh.divi(count.reshape(codes, 1));
            codebook.subi(codebook).addi(fresh);
        }
    }

    /**
     * Gives every dead code (average count below {@code minShare} of the mean count) a random input vector
     * of this batch and the mean count, as Jukebox (Dhariwal et al., 2020) restarts codes: an unused code's
     * average otherwise decays toward a far-away point that no input ever reaches again. The share test is
     * blind to the averages' warm-up, when all counts are still growing together. Call after {@link #update}.
     *
     * @return how many codes were restarted
     */
    public int restartDeadCodes(Result r, dev.genlab.core.SeededRandom rng, double minShare) {
        float[] count = emaCount.toFloatArray();
        double mean = 0;
        for (float c : count) {
            mean += c / codes;
        }
        int restarted = 0;
        float[] book = null;
        float[] sum = null;
        float[] inputs = null;
        for (int k = 0; k < codes; k++) {
            if (!(count[k] < minShare * mean)) {
                continue;
            }
            if (book == null) {
                book = codebook.toFloatArray();
                sum = emaSum.toFloatArray();
                inputs = r.flatInput().toFloatArray();
            }
            int row = rng.nextInt(inputs.length / dim);
            for (int d = 0; d < dim; d++) {
                book[k * dim + d] = inputs[row * dim + d];
                sum[k * dim + d] = (float) (inputs[row * dim + d] * mean);
            }
            count[k] = (float) mean;
            restarted++;
        }
        if (restarted > 0) {
            Parameters.replaceValues(codebook, book);
            Parameters.replaceValues(emaSum, sum);
            Parameters.replaceValues(emaCount, count);
        }
        return restarted;
    }

    /** Perplexity of the codes chosen in a batch: exp of their entropy, K when all are used equally, 1 for one. */
    public static double perplexity(Result r) {
        float[] counts = r.oneHot().sum(new int[] {0}).toFloatArray();
        double[] c = new double[counts.length];
        for (int k = 0; k < c.length; k++) {
            c[k] = counts[k];
        }
        return perplexity(c);
    }

    /** Perplexity of codes used {@code counts[k]} times each. */
    public static double perplexity(double[] counts) {
        double total = 0;
        for (double c : counts) {
            total += c;
        }
        double entropy = 0;
        for (double c : counts) {
            if (c > 0) {
                entropy -= c / total * Math.log(c / total);
            }
        }
        return Math.exp(entropy);
    }
}
