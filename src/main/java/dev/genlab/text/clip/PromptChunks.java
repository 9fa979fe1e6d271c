package dev.genlab.text.clip;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A prompt as AUTOMATIC1111 feeds it to CLIP: its weighted spans tokenized and cut into chunks of 75 tokens,
 * each chunk start + 75 (padded with the end token) + end, with a weight per position. A chunk that fills up
 * within 20 tokens of a comma is cut after the comma, the rest carried to the next chunk; BREAK starts a new
 * chunk. The encoder runs each chunk and concatenates the results (part 2 applies the weights).
 */
public final class PromptChunks {

    /** Tokens per chunk between the start and end tokens. */
    public static final int LENGTH = 75;
    /** How far back from a full chunk a comma may be to cut there (A1111's default). */
    static final int COMMA_BACKTRACK = 20;

    /** One chunk: 77 ids and 77 weights. */
    public record Chunk(int[] ids, float[] weights) {}

    private final List<Chunk> chunks = new ArrayList<>();
    private final int start;
    private final int end;
    private List<Integer> tokens = new ArrayList<>();
    private List<Float> weights = new ArrayList<>();
    private int lastComma = -1;

    private PromptChunks(ClipVocabulary v) {
        this.start = v.startId();
        this.end = v.endId();
    }

    public static List<Chunk> of(ClipTokenizer tokenizer, String prompt) {
        PromptChunks c = new PromptChunks(tokenizer.vocabulary());
        int comma = tokenizer.vocabulary().id(",</w>");
        for (PromptWeights.Span span : PromptWeights.parse(prompt)) {
            if (span.isBreak()) {
                c.next();
                continue;
            }
            for (int token : tokenizer.tokens(span.text())) {
                c.add(token, (float) span.weight(), comma);
            }
        }
        if (!c.tokens.isEmpty() || c.chunks.isEmpty()) {
            c.next();
        }
        return List.copyOf(c.chunks);
    }

    private void add(int token, float weight, int comma) {
        if (token == comma) {
            lastComma = tokens.size();
        } else if (tokens.size() == LENGTH && lastComma != -1 && tokens.size() - lastComma <= COMMA_BACKTRACK) {
            int cut = lastComma + 1;
            List<Integer> carriedTokens = new ArrayList<>(tokens.subList(cut, tokens.size()));
            List<Float> carriedWeights = new ArrayList<>(weights.subList(cut, weights.size()));
            tokens = new ArrayList<>(tokens.subList(0, cut));
            weights = new ArrayList<>(weights.subList(0, cut));
            next();
            tokens = carriedTokens;
            weights = carriedWeights;
        }
        if (tokens.size() == LENGTH) {
            next();
        }
        tokens.add(token);
        weights.add(weight);
    }

    private void next() {
        int[] ids = new int[LENGTH + 2];
        float[] w = new float[LENGTH + 2];
        Arrays.fill(ids, end);
        Arrays.fill(w, 1f);
        ids[0] = start;
        for (int i = 0; i < tokens.size(); i++) {
            ids[1 + i] = tokens.get(i);
            w[1 + i] = weights.get(i);
        }
        chunks.add(new Chunk(ids, w));
        tokens = new ArrayList<>();
        weights = new ArrayList<>();
        lastComma = -1;
    }
}
