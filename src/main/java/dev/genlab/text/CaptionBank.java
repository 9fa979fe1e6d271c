package dev.genlab.text;

import dev.genlab.core.SeededRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Training captions and their text-encoder contexts, computed once before training: encoding a caption
 * takes milliseconds, far too long to do for every image of every step. Each class keeps a seeded choice
 * of its captions; the empty prompt (the unconditional context) is kept too.
 */
public final class CaptionBank {

    private final List<float[][]> contexts;
    private final float[] empty;

    private CaptionBank(List<float[][]> contexts, float[] empty) {
        this.contexts = contexts;
        this.empty = empty;
    }

    /**
     * @param perClass captions kept per class (all of them when a class has fewer)
     */
    public static CaptionBank build(Captions source, int numClasses, int perClass, long seed, TextEncoder encoder) {
        List<float[][]> encoded = new ArrayList<>();
        for (int c = 0; c < numClasses; c++) {
            List<String> all = source.all(c);
            int[] order = SeededRandom.derive(seed, c).permutation(all.size());
            float[][] ctx = new float[Math.min(perClass, all.size())][];
            for (int k = 0; k < ctx.length; k++) {
                ctx[k] = encoder.encode(all.get(order[k]));
            }
            encoded.add(ctx);
        }
        return new CaptionBank(List.copyOf(encoded), encoder.encode(""));
    }

    /** Captions kept for a class. */
    public int size(int label) {
        return contexts.get(label).length;
    }

    /** The context of caption k of a class, {@link TextEncoder#TOKENS} × {@link TextEncoder#DIM} (not a copy). */
    public float[] context(int label, int k) {
        return contexts.get(label)[k];
    }

    /** The empty prompt's context (not a copy). */
    public float[] empty() {
        return empty;
    }
}
