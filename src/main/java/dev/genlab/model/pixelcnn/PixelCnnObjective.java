package dev.genlab.model.pixelcnn;

import ai.djl.ndarray.NDArray;
import dev.genlab.core.SeededRandom;
import dev.genlab.nn.Parameters;
import dev.genlab.nn.Tensors;
import dev.genlab.train.TrainingObjective;
import java.util.Map;

/** Maximum likelihood: the mean negative log-likelihood, reported in bits per dimension. */
final class PixelCnnObjective implements TrainingObjective {

    private final PixelCnnNetwork net;

    PixelCnnObjective(PixelCnnNetwork net) {
        this.net = net;
    }

    @Override
    public Parameters parameters() {
        return net.parameters();
    }

    @Override
    public Step loss(NDArray images, int[] labels, SeededRandom noise) {
        NDArray nll = net.nll(images, images.toFloatArray(), net.oneHot(images.getManager(), labels)).mean();
        NDArray bitsPerDim = Tensors.scale(nll, 1 / (Math.log(2) * PixelCnnModel.dims(net.config())));
        return new Step(nll, Map.of("bits_per_dim", bitsPerDim));
    }
}
