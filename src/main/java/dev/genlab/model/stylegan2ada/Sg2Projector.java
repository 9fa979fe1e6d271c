package dev.genlab.model.stylegan2ada;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import dev.genlab.core.SeededRandom;
import dev.genlab.data.Image;
import dev.genlab.model.Latents;
import dev.genlab.model.Projector;
import dev.genlab.nn.GradientRecording;
import dev.genlab.nn.Parameters;
import dev.genlab.nn.Tensors;
import dev.genlab.train.Adam;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * StyleGAN2-ADA's projector (Karras et al., 2020; projector.py in NVIDIA's repository) on genlab's engine: the w
 * whose image is closest to a target. w starts at the mapping network's mean (over 10,000 latents) and is
 * optimised with Adam together with every layer's noise map (random at the start); the learning rate (0.1)
 * rises over the first 5% of the steps and falls along a half cosine over the last 25%; w is perturbed by
 * Gaussian noise of 5% of w's spread, shrinking quadratically to nothing at 75% of the steps; the noise maps
 * are pushed toward uncorrelated neighbours at every scale (weight 10⁵) and rescaled to zero mean and unit
 * variance after each step. The constants are NVIDIA's.
 *
 * <p>The distance differs: NVIDIA compares VGG16 features (LPIPS) at 256×256, and those weights cannot be had
 * here, so genlab compares pixels: the mean squared error of the two images in [0, 1], each area-averaged to
 * 256×256 when larger. Pixel distance favours blur over detail, so projections come out softer than NVIDIA's.
 */
final class Sg2Projector {

    static final int W_AVERAGE_SAMPLES = 10_000;
    static final double LEARNING_RATE = 0.1;
    static final double W_NOISE_FACTOR = 0.05;
    static final double RAMP_DOWN = 0.25;
    static final double RAMP_UP = 0.05;
    static final double W_NOISE_RAMP = 0.75;
    static final double NOISE_REGULARISATION = 1e5;
    static final int DISTANCE_SIDE = 256;
    static final String DISTANCE = "mean squared error of the pixels in [0, 1], at " + DISTANCE_SIDE + "x"
            + DISTANCE_SIDE + " or the network's size if smaller (NVIDIA's LPIPS needs VGG16 weights that genlab "
            + "cannot fetch)";

    private final Sg2Generator net;

    Sg2Projector(Sg2Generator net) {
        this.net = net;
    }

    Projector.Projection project(NDManager parent, Image target, Projector.Settings s, IntConsumer afterStep) {
        Sg2Config c = net.config();
        try (NDManager m = parent.newSubManager()) {
            NDArray hot = s.classIndex() == null ? null
                    : m.create(Latents.oneHot(new int[] {s.classIndex()}, c.cDim()), new Shape(1, c.cDim()));
            WStatistics stats = wStatistics(m, hot);
            NDArray goal = downsampled(m.create(target.pixels(), new Shape(1, c.imgChannels(), c.resolution(),
                    c.resolution())));
            Parameters p = new Parameters(m, s.seed());
            NDArray w = p.fixed("w", new Shape(1, c.wDim()), stats.mean());
            SeededRandom draws = SeededRandom.derive(s.seed(), 1);
            List<NDArray> noise = new ArrayList<>();
            List<Integer> sides = net.noiseResolutions();
            for (int i = 0; i < sides.size(); i++) {
                int r = sides.get(i);
                noise.add(p.fixed("noise." + i, new Shape(1, 1, r, r), draws.gaussians(r * r)));
            }
            p.setTraining(true);
            double[] distances = new double[s.steps()];
            try (Adam adam = new Adam(p, (float) LEARNING_RATE, 0.9f, 0.999f)) {
                for (int step = 0; step < s.steps(); step++) {
                    double t = (double) step / s.steps();
                    double wNoise = stats.spread() * W_NOISE_FACTOR * Math.pow(Math.max(0, 1 - t / W_NOISE_RAMP), 2);
                    try (NDManager scope = m.newSubManager(); GradientRecording rec = GradientRecording.start()) {
                        NDArray perturbed = scope.create(draws.gaussians(c.wDim()), new Shape(1, c.wDim()))
                                .muli((float) wNoise).add(w);
                        NDArray image = synthesize(perturbed, noise);
                        // scalars that a gradient flows through are libtorch's own (Tensors.scale)
                        NDArray distance = downsampled(Tensors.scale(image.add(1f), 0.5)).sub(goal).square().mean();
                        NDArray loss = noise.isEmpty() ? distance
                                : distance.add(Tensors.scale(noiseRegularisation(noise), NOISE_REGULARISATION));
                        rec.backward(loss);
                        distances[step] = distance.getFloat();
                    }
                    adam.step((float) (LEARNING_RATE * learningRateRamp(t)));
                    for (NDArray n : noise) {
                        normalise(n);
                    }
                    afterStep.accept(step);
                }
            }
            p.setTraining(false);
            float[] px = synthesize(w, noise).add(1f).muli(0.5f).clip(0f, 1f).toFloatArray();
            Image image = Latents.toImages(px, 1, new dev.genlab.modelstore.ImageShape(c.imgChannels(),
                    c.resolution(), c.resolution())).get(0);
            // NVIDIA's projected_w: w for every layer, (1, num_ws, w_dim)
            return new Projector.Projection(image, new long[] {1, c.numWs(), c.wDim()},
                    net.broadcast(w).toFloatArray(), distances, DISTANCE);
        }
    }

    /** The image (1, C, R, R) in about [−1, 1] of w (1, wDim) with the given noise maps. */
    private NDArray synthesize(NDArray w, List<NDArray> noise) {
        // each map is handed over as a new array of its own: synthesize frees the maps it was given
        return net.synthesize(net.broadcast(w), Sg2Generator.NoiseMode.RANDOM,
                (layer, r) -> noise.get(layer).reshape(1, 1, r, r));
    }

    /** The mean of w over many latents, and its spread: √(mean squared distance to that mean). */
    private record WStatistics(float[] mean, double spread) {}

    private WStatistics wStatistics(NDManager parent, NDArray hot) {
        Sg2Config c = net.config();
        try (NDManager m = parent.newSubManager()) {
            float[] z = new SeededRandom(123).gaussians(W_AVERAGE_SAMPLES * c.zDim());
            NDArray classes = hot == null ? null : hot.repeat(0, W_AVERAGE_SAMPLES);
            NDArray w = net.mapping().forward(m.create(z, new Shape(W_AVERAGE_SAMPLES, c.zDim())), classes, 1);
            NDArray mean = w.mean(new int[] {0}, true);
            double spread = Math.sqrt(w.sub(mean).square().sum().getFloat() / W_AVERAGE_SAMPLES);
            return new WStatistics(mean.toFloatArray(), spread);
        }
    }

    /** Images (1, C, R, R) area-averaged to {@link #DISTANCE_SIDE} when larger (R a power of two above it). */
    private static NDArray downsampled(NDArray x) {
        long side = x.getShape().get(2);
        return side <= DISTANCE_SIDE ? x : averaged(x, side / DISTANCE_SIDE);
    }

    /** x (1, C, S, S) averaged over k×k squares. */
    private static NDArray averaged(NDArray x, long k) {
        Shape window = new Shape(k, k);
        return Pool.avgPool2d(x, window, window, new Shape(0, 0), false, true);
    }

    /**
     * Σ over maps and scales of the squared mean product of each value with its right and its lower neighbour
     * (wrapping around): 0 for uncorrelated noise. Scales halve by 2×2 averaging down to 8×8.
     */
    private static NDArray noiseRegularisation(List<NDArray> noise) {
        NDArray sum = null;
        for (NDArray map : noise) {
            NDArray n = map;
            while (true) {
                for (int axis : new int[] {3, 2}) {
                    NDArray term = n.mul(rolled(n, axis)).mean().square();
                    sum = sum == null ? term : sum.add(term);
                }
                if (n.getShape().get(2) <= 8) {
                    break;
                }
                n = averaged(n, 2);
            }
        }
        return sum;
    }

    /** x shifted by one along {@code axis}, the last element wrapping to the front (torch.roll by 1). */
    private static NDArray rolled(NDArray x, int axis) {
        long size = x.getShape().get(axis);
        NDArray last = x.get(new NDIndex().addAllDim(axis).addSliceDim(size - 1, size));
        NDArray rest = x.get(new NDIndex().addAllDim(axis).addSliceDim(0, size - 1));
        return last.concat(rest, axis);
    }

    /** A noise map set back to zero mean and unit variance, in place (outside the gradient's record). */
    private static void normalise(NDArray n) {
        float mean = n.mean().getFloat();
        n.subi(mean);
        float rms = (float) Math.sqrt(n.square().mean().getFloat());
        n.divi(rms);
    }

    /** The learning rate's factor at t ∈ [0, 1): a linear rise over the first 5%, a half cosine down the last 25%. */
    static double learningRateRamp(double t) {
        double down = Math.min(1, (1 - t) / RAMP_DOWN);
        return (0.5 - 0.5 * Math.cos(down * Math.PI)) * Math.min(1, t / RAMP_UP);
    }
}
