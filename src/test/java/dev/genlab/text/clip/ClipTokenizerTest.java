package dev.genlab.text.clip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genlab.core.SeededRandom;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * genlab's CLIP tokenizer against Hugging Face's (Rust, through DJL) on the same vocabulary: OpenAI's file in
 * ../shared/clip (never copied into the repository), turned into a tokenizer.json here.
 */
class ClipTokenizerTest {

    static final Path VOCAB = Path.of("..", "shared", "clip", "bpe_simple_vocab_16e6.txt.gz");
    static ClipTokenizer genlab;
    static Path tokenizerJson;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void load() throws Exception {
        assumeTrue(Files.isRegularFile(VOCAB), "CLIP's vocabulary is not at " + VOCAB.toAbsolutePath());
        genlab = new ClipTokenizer(ClipVocabulary.read(VOCAB));
        tokenizerJson = writeTokenizerJson(tmp.resolve("tokenizer.json"));
    }

    /** Hugging Face's CLIP tokenizer.json layout, with the vocabulary built from the merges as CLIP does. */
    static Path writeTokenizerJson(Path out) throws Exception {
        List<String> merges = new ArrayList<>();
        try (var r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(VOCAB)),
                StandardCharsets.UTF_8))) {
            r.readLine();
            String line;
            while (merges.size() < ClipVocabulary.MERGES && (line = r.readLine()) != null) {
                merges.add(line);
            }
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("version", "1.0");
        ArrayNode added = root.putArray("added_tokens");
        int id = 0;
        ObjectNode vocab = json.createObjectNode();
        for (String c : ByteLevel.alphabet()) {
            vocab.put(c, id++);
        }
        for (String c : ByteLevel.alphabet()) {
            vocab.put(c + "</w>", id++);
        }
        for (String m : merges) {
            vocab.put(m.replace(" ", ""), id++);
        }
        for (String special : List.of(ClipVocabulary.START, ClipVocabulary.END)) {
            ObjectNode t = added.addObject();
            t.put("id", id);
            t.put("content", special);
            t.put("single_word", false).put("lstrip", false).put("rstrip", false).put("normalized", true)
                    .put("special", true);
            vocab.put(special, id++);
        }
        ObjectNode normalizer = root.putObject("normalizer");
        normalizer.put("type", "Sequence");
        ArrayNode norms = normalizer.putArray("normalizers");
        norms.addObject().put("type", "NFC");
        ObjectNode replace = norms.addObject();
        replace.put("type", "Replace").putObject("pattern").put("Regex", "\\s+");
        replace.put("content", " ");
        norms.addObject().put("type", "Lowercase");
        ObjectNode pre = root.putObject("pre_tokenizer");
        pre.put("type", "Sequence");
        ArrayNode pres = pre.putArray("pretokenizers");
        ObjectNode split = pres.addObject();
        split.put("type", "Split").putObject("pattern").put("Regex", "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re"
                + "|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+");
        split.put("behavior", "Removed").put("invert", true);
        pres.addObject().put("type", "ByteLevel").put("add_prefix_space", false).put("trim_offsets", true)
                .put("use_regex", false);
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE").put("unk_token", ClipVocabulary.END).put("continuing_subword_prefix", "")
                .put("end_of_word_suffix", "</w>").put("fuse_unk", false).put("byte_fallback", false);
        model.set("vocab", vocab);
        ArrayNode m = model.putArray("merges");
        merges.forEach(m::add);
        json.writeValue(out.toFile(), root);
        return out;
    }

    static List<String> prompts() {
        List<String> p = new ArrayList<>(List.of("a photograph of an astronaut riding a horse",
                "A Portrait of a Woman, highly detailed, 8k, trending on ArtStation!!!",
                "café crème brûlée, naïve façade, Ångström", "emoji 🐱🚀 and ✨sparkles✨", "line one\nline two\t\ttabbed",
                "numbers 12345 and 3.14159, 1/2, 100%", "don't won't it's we're they've I'm you'll he'd",
                "(masterpiece:1.2), ((best quality)), [blurry], \\(escaped\\)", "UPPER lower MiXeD",
                "ÉCOLE Straße İstanbul", "日本語のテキスト と 中文 和 한국어", "hyphen-ated_under_score",
                "   leading and trailing   ", "", "!!!???...", "a " + "very ".repeat(100) + "long prompt",
                "<|startoftext|> literal <|endoftext|>", "tab\tand\u00a0non-breaking space", "x".repeat(300)));
        String[] words = {"cat", "dog", "sunset", "cyberpunk", "city", "oil", "painting", "by", "greg", "rutkowski",
            "unreal", "engine", "4k", "hdr", "(", ")", ":1.3", "[", "]", ",", ".", "!", "é", "ñ", "ü", "–", "—", "'s",
            "ai", "über", "🙂", "42", "x2", "f/1.8", "50mm", "#hashtag", "@user", "$100", "a&b", "<tag>"};
        SeededRandom r = new SeededRandom(7);
        for (int i = 0; i < 300; i++) {
            StringBuilder sb = new StringBuilder();
            int n = 1 + r.nextInt(30);
            for (int k = 0; k < n; k++) {
                sb.append(words[r.nextInt(words.length)]);
                sb.append(r.nextInt(4) == 0 ? "" : " ");
            }
            p.add(sb.toString());
        }
        return p;
    }

    @Test
    void agreesWithHuggingFaceTokenizersOnHundredsOfPrompts() throws Exception {
        try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.builder().optTokenizerPath(tokenizerJson)
                .optAddSpecialTokens(false).optTruncation(false).optPadding(false).build()) {
            int compared = 0;
            for (String prompt : prompts()) {
                long[] expected = hf.encode(prompt).getIds();
                int[] actual = genlab.tokens(prompt);
                assertThat(Arrays.stream(actual).asLongStream().toArray()).as("prompt: " + prompt).containsExactly(expected);
                compared++;
            }
            assertThat(compared).isGreaterThan(300);
        }
    }

    @Test
    void stableDiffusionInputIsStartTokensEndPaddedWithEnd() {
        int[] ids = genlab.encode("a photograph of an astronaut riding a horse");
        assertThat(ids).hasSize(77);
        assertThat(ids[0]).isEqualTo(49406);
        int[] t = genlab.tokens("a photograph of an astronaut riding a horse");
        assertThat(Arrays.copyOfRange(ids, 1, 1 + t.length)).containsExactly(t);
        for (int i = 1 + t.length; i < 77; i++) {
            assertThat(ids[i]).isEqualTo(49407);
        }
        int[] longIds = genlab.encode("word ".repeat(200));
        assertThat(longIds[76]).isEqualTo(49407);
        assertThat(longIds[75]).isNotEqualTo(49407);
    }

    @Test
    void theThreeVocabularyFormsGiveTheSameTokens() throws Exception {
        ClipTokenizer fromJson = new ClipTokenizer(ClipVocabulary.read(tokenizerJson));
        for (String prompt : prompts().subList(0, 40)) {
            assertThat(fromJson.tokens(prompt)).as(prompt).containsExactly(genlab.tokens(prompt));
        }
    }
}
