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
     * @param perClass captions kept per class (all of them when a class has fewer); about
     *                 {@link Captions#DESCRIBED_SHARE} of them are descriptions, the rest name the class
     */
    public static CaptionBank build(Captions source, int numClasses, int perClass, long seed, TextEncoder encoder) {
        List<float[][]> encoded = new ArrayList<>();
        for (int c = 0; c < numClasses; c++) {
            List<String> kept = choose(source, c, perClass, seed);
            float[][] ctx = new float[kept.size()][];
            for (int k = 0; k < ctx.length; k++) {
                ctx[k] = encoder.encode(kept.get(k));
            }
            encoded.add(ctx);
        }
        return new CaptionBank(List.copyOf(encoded), encoder.encode(""));
    }

    /** The seeded choice of a class's training captions: described ones first, then named ones. */
    static List<String> choose(Captions source, int label, int perClass, long seed) {
        List<String> named = source.named(label);
        List<String> described = source.described(label);
        int wantDescribed = Math.min(described.size(), (int) Math.round(perClass * Captions.DESCRIBED_SHARE));
        int wantNamed = Math.min(named.size(), perClass - wantDescribed);
        // a class with few named captions lends its unused places to descriptions
        wantDescribed = Math.min(described.size(), perClass - wantNamed);
        List<String> out = new ArrayList<>(wantDescribed + wantNamed);
        SeededRandom rng = SeededRandom.derive(seed, label);
        int[] d = rng.permutation(described.size());
        for (int k = 0; k < wantDescribed; k++) {
            out.add(described.get(d[k]));
        }
        int[] n = rng.permutation(named.size());
        for (int k = 0; k < wantNamed; k++) {
            out.add(named.get(n[k]));
        }
        return out;
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
