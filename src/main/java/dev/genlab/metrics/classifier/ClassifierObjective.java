package dev.genlab.metrics.classifier;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.genlab.core.SeededRandom;
import dev.genlab.nn.Parameters;
import dev.genlab.nn.Tensors;
import dev.genlab.train.TrainingObjective;
import java.util.Map;

/**
 * Cross-entropy with dropout, on batches augmented by random horizontal flips and shifts of up to two
 * pixels (garments keep their class under both, and the classifier should not care where a garment sits).
 */
final class ClassifierObjective implements TrainingObjective {

    private static final int MAX_SHIFT = 2;
    private final ClassifierNetwork net;

    ClassifierObjective(ClassifierNetwork net) {
        this.net = net;
    }

    @Override
    public Parameters parameters() {
        return net.parameters();
    }

    @Override
    public void augment(float[] px, int batch, int channels, int height, int width, SeededRandom noise) {
        float[] plane = new float[height * width];
        for (int b = 0; b < batch; b++) {
            boolean flip = noise.nextInt(2) == 1;
            int dx = noise.nextInt(2 * MAX_SHIFT + 1) - MAX_SHIFT;
            int dy = noise.nextInt(2 * MAX_SHIFT + 1) - MAX_SHIFT;
            for (int c = 0; c < channels; c++) {
                int off = (b * channels + c) * height * width;
                System.arraycopy(px, off, plane, 0, plane.length);
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        int sy = y - dy;
                        int sx = (flip ? width - 1 - x : x) - dx;
                        px[off + y * width + x] = sy >= 0 && sy < height && sx >= 0 && sx < width
                                ? plane[sy * width + sx] : 0f;
                    }
                }
            }
        }
    }

    @Override
    public Step loss(NDArray images, int[] labels, SeededRandom noise) {
        NDManager m = images.getManager();
        int b = labels.length;
        int d = net.config().featureDim();
        float keep = (float) (1 - net.config().dropout());
        float[] mask = new float[b * d];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = noise.nextDouble() < keep ? 1f / keep : 0f;
        }
        ClassifierNetwork.Output out = net.forward(images, m.create(mask, new Shape(b, d)));
        NDArray oneHot = Tensors.oneHot(m, labels, net.config().classes().size());
        NDArray nll = out.logits().logSoftmax(1).mul(oneHot).sum(new int[] {1}).neg().mean();
        NDArray correct = out.logits().argMax(1).toType(ai.djl.ndarray.types.DataType.INT32, false)
                .eq(m.create(labels)).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).mean();
        return new Step(nll, Map.of("accuracy", correct));
    }
}
