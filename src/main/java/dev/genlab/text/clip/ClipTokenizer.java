package dev.genlab.text.clip;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CLIP's tokenizer: text normalised (NFC, runs of white space to one space, trimmed, lower case), split by
 * CLIP's pattern into words, numbers (digit by digit) and runs of other symbols, each piece's UTF-8 bytes
 * merged by byte-pair encoding with the word-final marker {@code </w>}. Stable Diffusion 1.x takes 77 ids:
 * start, up to 75 tokens, end, padded with the end token.
 */
public final class ClipTokenizer {

    /** Positions of CLIP's text model. */
    public static final int CONTEXT = 77;

    // Unicode white space and letters, as CLIP's reference (Python's regex module) and Hugging Face's have them
    private static final Pattern SPLIT = Pattern.compile("<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll"
            + "|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern SPACES = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

    private final ClipVocabulary vocabulary;
    private final Map<String, int[]> cache = new ConcurrentHashMap<>();

    public ClipTokenizer(ClipVocabulary vocabulary) {
        this.vocabulary = vocabulary;
    }

    public ClipVocabulary vocabulary() {
        return vocabulary;
    }

    /** The token ids of {@code text}, without start and end tokens, however many there are. */
    public int[] tokens(String text) {
        String clean = SPACES.matcher(Normalizer.normalize(text, Normalizer.Form.NFC)).replaceAll(" ").strip()
                .toLowerCase(Locale.ROOT);
        List<Integer> out = new ArrayList<>();
        Matcher m = SPLIT.matcher(clean);
        while (m.find()) {
            for (int id : cache.computeIfAbsent(m.group(), this::bpe)) {
                out.add(id);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Stable Diffusion 1.x's input: start, the first 75 tokens, end, padded to 77 with the end token. */
    public int[] encode(String text) {
        int[] t = tokens(text);
        int[] ids = new int[CONTEXT];
        Arrays.fill(ids, vocabulary.endId());
        ids[0] = vocabulary.startId();
        int n = Math.min(t.length, CONTEXT - 2);
        System.arraycopy(t, 0, ids, 1, n);
        return ids;
    }

    /** Byte-pair encoding of one piece: merge the lowest-ranked adjacent pair until none merges. */
    private int[] bpe(String piece) {
        if (piece.equals(ClipVocabulary.START) || piece.equals(ClipVocabulary.END)) {
            return new int[] {vocabulary.id(piece)};
        }
        String chars = ByteLevel.encode(piece);
        List<String> word = new ArrayList<>();
        for (int i = 0; i < chars.length(); i++) {
            word.add(String.valueOf(chars.charAt(i)));
        }
        word.set(word.size() - 1, word.get(word.size() - 1) + "</w>");
        while (word.size() > 1) {
            int best = -1;
            int bestRank = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < word.size(); i++) {
                Integer r = vocabulary.rank(word.get(i), word.get(i + 1));
                if (r != null && r < bestRank) {
                    bestRank = r;
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            // merge every occurrence of the pair, left to right, as CLIP's reference does
            String a = word.get(best);
            String b = word.get(best + 1);
            List<String> merged = new ArrayList<>(word.size());
            for (int i = 0; i < word.size(); i++) {
                if (i + 1 < word.size() && word.get(i).equals(a) && word.get(i + 1).equals(b)) {
                    merged.add(a + b);
                    i++;
                } else {
                    merged.add(word.get(i));
                }
            }
            word = merged;
        }
        return word.stream().mapToInt(vocabulary::id).toArray();
    }
}
