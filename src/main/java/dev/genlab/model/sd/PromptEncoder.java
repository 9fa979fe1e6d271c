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

    /** (1, 77·chunks, width) on {@code m}; at least {@code minChunks} chunks, padded with the empty prompt's. */
    NDArray encode(List<PromptChunks.Chunk> chunks, int clipSkip, int minChunks, NDManager m) {
        NDList parts = new NDList();
        for (PromptChunks.Chunk c : chunks) {
            parts.add(chunk(c, clipSkip, m));
        }
        if (parts.size() < minChunks) {
            NDArray empty = chunk(PromptChunks.of(tokenizer, "").get(0), clipSkip, m);
            while (parts.size() < minChunks) {
                parts.add(empty);
            }
        }
        return parts.size() == 1 ? parts.get(0) : ai.djl.ndarray.NDArrays.concat(parts, 1);
    }

    private NDArray chunk(PromptChunks.Chunk c, int clipSkip, NDManager m) {
        long[] ids = new long[c.ids().length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = c.ids()[i];
            if (ids[i] >= text.vocabulary()) {
                throw new dev.genlab.core.GenlabException("the tokenizer gave token " + ids[i] + " but the "
                        + "checkpoint's text model has " + text.vocabulary() + " tokens: the vocabulary does not "
                        + "belong to this checkpoint (give CLIP ViT-L/14's with --tokenizer)");
            }
        }
        NDArray z = text.encode(m.create(ids, new Shape(1, ids.length)), clipSkip);
        boolean weighted = false;
        for (float w : c.weights()) {
            weighted |= w != 1f;
        }
        if (!weighted) {
            return z;
        }
        NDArray before = z.mean();
        NDArray scaled = z.mul(m.create(c.weights(), new Shape(1, ids.length, 1)));
        return scaled.mul(before.div(scaled.mean()));
    }

    private static String abbreviated(String prompt) {
        return prompt.length() <= 60 ? prompt : prompt.substring(0, 57) + "...";
    }
}
