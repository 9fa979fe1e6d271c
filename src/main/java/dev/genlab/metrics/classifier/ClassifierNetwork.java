package dev.genlab.metrics.classifier;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import dev.genlab.nn.Conv2d;
import dev.genlab.nn.GroupNorm;
import dev.genlab.nn.Linear;
import dev.genlab.nn.Parameters;
import dev.genlab.nn.Tensors;

/**
 * A small VGG-style CNN: two stages of (3×3 conv, GroupNorm, SiLU) × 2 + 2×2 max-pool, then a linear
 * layer to the feature vector (SiLU) and a linear layer to class logits. The feature vector is what the
 * quality metrics compare.
 */
final class ClassifierNetwork {

    /** Penultimate features (B, featureDim) and logits (B, classes). */
    record Output(NDArray features, NDArray logits) {}

    private final ClassifierConfig config;
    private final Parameters params;
    private final Conv2d[] convs = new Conv2d[4];
    private final GroupNorm[] norms = new GroupNorm[4];
    private final Linear toFeatures;
    private final Linear toLogits;

    ClassifierNetwork(ClassifierConfig config, Parameters p) {
        this.config = config;
        this.params = p;
        int w = config.width();
        int[][] io = {{config.image().channels(), w}, {w, w}, {w, 2 * w}, {2 * w, 2 * w}};
        for (int i = 0; i < 4; i++) {
            convs[i] = Conv2d.same(p, "conv" + (i + 1), io[i][0], io[i][1], 3);
            norms[i] = GroupNorm.of(p, "norm" + (i + 1), io[i][1]);
        }
        int flat = 2 * w * (config.image().height() / 4) * (config.image().width() / 4);
        toFeatures = new Linear(p, "features", flat, config.featureDim());
        toLogits = new Linear(p, "logits", config.featureDim(), config.classes().size());
    }

    ClassifierConfig config() {
        return config;
    }

    Parameters parameters() {
        return params;
    }

    /**
     * @param dropoutMask (B, featureDim) of 0 or 1/(1−p) while training, or null at inference
     */
    Output forward(NDArray x, NDArray dropoutMask) {
        NDArray h = x;
        for (int i = 0; i < 4; i++) {
            h = Tensors.silu(norms[i].forward(convs[i].forward(h)));
            if (i % 2 == 1) {
                h = Pool.maxPool2d(h, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
            }
        }
        NDArray features = Tensors.silu(toFeatures.forward(h.reshape(h.getShape().get(0), -1)));
        NDArray dropped = dropoutMask == null ? features : features.mul(dropoutMask);
        return new Output(features, toLogits.forward(dropped));
    }
}
