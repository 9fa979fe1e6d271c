package dev.genlab.model.sd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.genlab.core.UsageException;
import dev.genlab.text.clip.ClipTokenizer;
import dev.genlab.text.clip.PromptChunks;
import java.util.List;

/**
 * A prompt as Stable Diffusion 1.x is conditioned on it, the way AUTOMATIC1111 does it: the prompt parsed
 * for emphasis, cut into chunks of 75 tokens, each chunk through CLIP, and each position's embedding
 * multiplied by its weight, after which the chunk is rescaled so that its mean is what it was before the
 * weights; the chunks are concatenated along the tokens (77 positions each). Without emphasis and within
 * 75 tokens this is exactly the plain 77-token embedding that diffusers uses.
 */
final class PromptEncoder {

    /** Longer prompts are refused: 16 chunks are 1,200 tokens, and each costs a text encoding and attention. */
    static final int MAX_CHUNKS = 16;

    private final ClipTokenizer tokenizer;
    private final ClipTextModel text;

    PromptEncoder(ClipTokenizer tokenizer, ClipTextModel text) {
        this.tokenizer = tokenizer;
        this.text = text;
    }

    /** A prompt's 77-position chunks, or a usage error when there are more than {@link #MAX_CHUNKS}. */
    List<PromptChunks.Chunk> parse(String prompt) {
        List<PromptChunks.Chunk> chunks = PromptChunks.of(tokenizer, prompt);
        if (chunks.size() > MAX_CHUNKS) {
            throw new UsageException("the prompt \"" + abbreviated(prompt) + "\" is " + chunks.size() + " chunks of "
                    + PromptChunks.LENGTH + " tokens; at most " + MAX_CHUNKS + " are accepted: shorten it");
        }
        return chunks;
    }

    /**
     * Each prompt's embedding, (1, 77·chunks, width) on {@code m}, with at least {@code minChunks} chunks (padded
     * with the empty prompt's): every chunk of every prompt through CLIP as one batch (two prompts take 1.7 times
     * one prompt's time rather than twice), then each chunk weighted.
     */
    List<NDArray> encode(List<List<PromptChunks.Chunk>> prompts, int clipSkip, int minChunks, NDManager m) {
        PromptChunks.Chunk empty = PromptChunks.of(tokenizer, "").get(0);
        List<PromptChunks.Chunk> all = new java.util.ArrayList<>();
        for (List<PromptChunks.Chunk> chunks : prompts) {
            all.addAll(chunks);
            for (int i = chunks.size(); i < minChunks; i++) {
                all.add(empty);
            }
        }
        int length = all.get(0).ids().length;
        long[] ids = new long[all.size() * length];
        for (int c = 0; c < all.size(); c++) {
            int[] chunkIds = all.get(c).ids();
            for (int i = 0; i < length; i++) {
                ids[c * length + i] = chunkIds[i];
                if (chunkIds[i] >= text.vocabulary()) {
                    throw new dev.genlab.core.GenlabException("the tokenizer gave token " + chunkIds[i] + " but the "
                            + "checkpoint's text model has " + text.vocabulary() + " tokens: the vocabulary does not "
                            + "belong to this checkpoint (give CLIP ViT-L/14's with --tokenizer)");
                }
            }
        }
        NDArray z = text.encode(m.create(ids, new Shape(all.size(), length)), clipSkip);
        List<NDArray> out = new java.util.ArrayList<>();
        int c = 0;
        for (List<PromptChunks.Chunk> chunks : prompts) {
            NDList parts = new NDList();
            int count = Math.max(minChunks, chunks.size());
            for (int i = 0; i < count; i++, c++) {
                parts.add(weighted(z.get(c + ":" + (c + 1)), all.get(c), m));
            }
            out.add(parts.size() == 1 ? parts.get(0) : ai.djl.ndarray.NDArrays.concat(parts, 1));
        }
        return out;
    }

    /**
     * A chunk's embedding (1, 77, width) with its emphasis: each position times its weight, then the whole
     * rescaled to the mean it had before.
     */
    private static NDArray weighted(NDArray z, PromptChunks.Chunk c, NDManager m) {
        boolean weighted = false;
        for (float w : c.weights()) {
            weighted |= w != 1f;
        }
        if (!weighted) {
            return z;
        }
        NDArray before = z.mean();
        NDArray scaled = z.mul(m.create(c.weights(), new Shape(1, c.weights().length, 1)));
        return scaled.mul(before.div(scaled.mean()));
    }

    private static String abbreviated(String prompt) {
        return prompt.length() <= 60 ? prompt : prompt.substring(0, 57) + "...";
    }
}
