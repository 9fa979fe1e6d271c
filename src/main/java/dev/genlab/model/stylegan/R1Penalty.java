package dev.genlab.model.stylegan;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.genlab.nn.GradientRecording;
import dev.genlab.nn.Parameters;
import dev.genlab.nn.Tensors;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The R1 penalty (Mescheder et al., 2018) weight·E‖∇ₓS(x)‖² on real images, S the sum over the batch of
 * the discriminator's logits, differentiated by double backpropagation without leaking memory.
 *
 * <p>The obvious way, a backward pass with {@code create_graph} and then the penalty's own backward, leaks
 * through DJL: the first pass also stores graph-carrying gradients in every weight, DJL can neither detach
 * them in place nor restrict the pass to x, and the next penalty's gradients chain onto them, keeping every
 * earlier graph alive (a 32×32 StyleGAN grew from 3.8 to 5.9 GB in nine minutes). Here the network is built
 * on {@link Parameters#aliases}, copies θ·1 of the weights, and the weights stop requiring a gradient for
 * the first pass only: PyTorch's gradient accumulator skips a leaf that does not require one, so nothing
 * is stored in the weights, while ∇ₓS still depends on them through the copies. The penalty's backward,
 * with the weights requiring gradients again, then adds plain gradients to them.
 *
 * <p>What remains: the images x are a leaf too, and their gradient's graph keeps x alive by the same kind
 * of cycle, about 25–30 MB per penalty for a batch of 64 on a 32×32 canvas, freed when the process exits
 * (without the aliases it was the whole chain of graphs). A long run can go in chunks of
 * {@code --max-steps} with {@code --resume}, which continues exactly.
 */
final class R1Penalty {

    private R1Penalty() {}

    /**
     * Adds weight·∇θ E‖∇ₓS‖² to the gradients of the parameters under {@code prefix} and returns E‖∇ₓS‖²
     * (the batch mean of each image's squared gradient norm).
     *
     * @param network builds x → logits (B) on the parameters it is given
     * @param x       real images (B, …)
     */
    static double accumulate(Function<Parameters, UnaryOperator<NDArray>> network, Parameters params, String prefix,
            NDArray x, double weight) {
        List<NDArray> weights = params.all().entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .map(Map.Entry::getValue).toList();
        NDArray at = x.duplicate();
        at.setRequiresGradient(true);
        try (GradientRecording gc = GradientRecording.start();
                Parameters aliases = params.aliases(prefix)) {
            NDArray logits = network.apply(aliases).apply(at).sum();
            weights.forEach(w -> w.setRequiresGradient(false));
            try {
                JniUtils.backward((PtNDArray) logits, (PtNDArray) logits.onesLike(), true, true);
            } finally {
                weights.forEach(w -> w.setRequiresGradient(true));
            }
            NDArray meanSquare = Tensors.scale(at.getGradient().square().sum(), 1.0 / x.getShape().get(0));
            if (weight != 0) {
                gc.backward(Tensors.scale(meanSquare, weight));
            }
            return meanSquare.getFloat();
        }
    }
}
