package dev.genlab.model.sd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.genlab.nn.Convolution;
import dev.genlab.nn.Parameters;
import dev.genlab.nn.Tensors;

/**
 * CLIP's text transformer as Stable Diffusion 1.x uses it (ViT-L/14: 12 layers, 768 wide, 12 heads of 64,
 * 77 positions), parameters named as in the transformers layout ({@code text_model.…}). Pre-norm layers:
 * causal self-attention, then an MLP with quick GELU (x·σ(1.702x)); the final layer norm is applied to the
 * chosen layer's output, which {@code clipSkip} moves up as AUTOMATIC1111's "clip skip" does.
 */
final class ClipTextModel implements AutoCloseable {

    private final Parameters parameters;
    private final int width;
    private final int heads;
    private final int layers;
    private final NDArray tokenEmbedding;
    private final NDArray positionEmbedding;
    private final Layer[] blocks;
    private final Norm finalNorm;
    private final int positions;
    /** A position attends to itself and those before it: −∞ above the diagonal, made once. */
    private final float[] causal;

    /** Layer norm with its weight and bias. */
    private record Norm(NDArray weight, NDArray bias) {
        NDArray forward(NDArray x) {
            return x.getNDArrayInternal().layerNorm(x, new Shape(weight.getShape().get(0)), weight, bias, 1e-5f)
                    .singletonOrThrow();
        }
    }

    private record Dense(NDArray weight, NDArray bias) {
        NDArray forward(NDArray x) {
            return Convolution.linear(x, weight, bias);
        }
    }

    /** qkv: the query, key and value projections as one (3·width, width) product, in that order. */
    private record Layer(Norm norm1, Dense qkv, Dense out, Norm norm2, Dense fc1, Dense fc2) {}

    ClipTextModel(Parameters p, int vocabulary, int positions, int width, int layers) {
        this.parameters = p;
        this.width = width;
        this.heads = Math.max(1, width / 64);
        this.layers = layers;
        String t = "text_model.";
        tokenEmbedding = p.normal(t + "embeddings.token_embedding.weight", new Shape(vocabulary, width), 0.02);
        positionEmbedding = p.normal(t + "embeddings.position_embedding.weight", new Shape(positions, width), 0.01);
        blocks = new Layer[layers];
        for (int i = 0; i < layers; i++) {
            String l = t + "encoder.layers." + i + ".";
            blocks[i] = new Layer(norm(p, l + "layer_norm1"), stacked(dense(p, l + "self_attn.q_proj", width, width),
                    dense(p, l + "self_attn.k_proj", width, width), dense(p, l + "self_attn.v_proj", width, width)),
                    dense(p, l + "self_attn.out_proj", width, width), norm(p, l + "layer_norm2"),
                    dense(p, l + "mlp.fc1", width, 4 * width), dense(p, l + "mlp.fc2", 4 * width, width));
        }
        finalNorm = norm(p, t + "final_layer_norm");
        this.positions = positions;
        causal = new float[positions * positions];
        for (int i = 0; i < positions; i++) {
            for (int j = i + 1; j < positions; j++) {
                causal[i * positions + j] = Float.NEGATIVE_INFINITY;
            }
        }
    }

    private Norm norm(Parameters p, String name) {
        return new Norm(p.constant(name + ".weight", new Shape(width), 1f), p.constant(name + ".bias", new Shape(width),
                0f));
    }

    private static Dense dense(Parameters p, String name, int in, int out) {
        double bound = 1 / Math.sqrt(in);
        return new Dense(p.uniform(name + ".weight", new Shape(out, in), bound), p.uniform(name + ".bias",
                new Shape(out), bound));
    }

    /** Three projections of the same input as one: a wider product runs faster than three narrow ones. */
    private static Dense stacked(Dense... parts) {
        NDArray weight = NDArrays.concat(new NDList(parts[0].weight(), parts[1].weight(), parts[2].weight()));
        NDArray bias = NDArrays.concat(new NDList(parts[0].bias(), parts[1].bias(), parts[2].bias()));
        for (Dense d : parts) {
            d.weight().close();
            d.bias().close();
        }
        return new Dense(weight, bias);
    }

    int layers() {
        return layers;
    }

    /** Frees the weights; the model is unusable afterwards. */
    @Override
    public void close() {
        parameters.close();
    }

    /** Tokens the embedding knows (49,408 for CLIP). */
    long vocabulary() {
        return tokenEmbedding.getShape().get(0);
    }

    /**
     * The text embedding Stable Diffusion conditions on: (B, T, width) for token ids (B, T).
     *
     * @param clipSkip 1 for the last layer's output, 2 for the one before it, …
     */
    NDArray encode(NDArray ids, int clipSkip) {
        long b = ids.getShape().get(0);
        long t = ids.getShape().get(1);
        NDManager m = ids.getManager();
        NDArray x = tokenEmbedding.get(new NDIndex("{}", ids.flatten())).reshape(b, t, width)
                .add(positionEmbedding.get("0:" + t));
        Tensors.local(x, ids);
        NDArray mask = m.create(causal, new Shape(1, positions, positions)).get(":, 0:" + t + ", 0:" + t);
        int run = layers - (clipSkip - 1);
        for (int i = 0; i < run; i++) {
            Layer l = blocks[i];
            NDArray h = l.norm1().forward(x);
            NDArray qkv = l.qkv().forward(h);
            x = x.add(l.out().forward(attention(part(qkv, 0), part(qkv, 1), part(qkv, 2), mask, b, t)));
            h = l.fc1().forward(l.norm2().forward(x));
            h = h.mul(Activation.sigmoid(h.mul(1.702f)));
            x = x.add(l.fc2().forward(h));
        }
        return finalNorm.forward(x);
    }

    /** The i-th of the stacked projections' outputs (0 query, 1 key, 2 value), (B, T, width). */
    private NDArray part(NDArray qkv, int i) {
        return qkv.get(new NDIndex().addAllDim(2).addSliceDim((long) i * width, (long) (i + 1) * width));
    }

    private NDArray attention(NDArray q, NDArray k, NDArray v, NDArray mask, long b, long t) {
        long d = width / heads;
        NDArray qh = heads(q, b, t, d);
        NDArray scores = qh.batchMatMul(heads(k, b, t, d).transpose(0, 2, 1)).mul((float) (1 / Math.sqrt(d)))
                .add(mask);
        NDArray out = scores.softmax(2).batchMatMul(heads(v, b, t, d)); // (B·H, T, d)
        return out.reshape(b, heads, t, d).transpose(0, 2, 1, 3).reshape(b, t, width);
    }

    /** (B, T, H·d) → (B·H, T, d). */
    private NDArray heads(NDArray x, long b, long t, long d) {
        return x.reshape(b, t, heads, d).transpose(0, 2, 1, 3).reshape(b * heads, t, d);
    }
}
