package dev.genlab.text.clip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genlab.core.GenlabException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * CLIP's BPE vocabulary: token → id and merge → rank. Read from any of the three forms users have: OpenAI's
 * {@code bpe_simple_vocab_16e6.txt.gz} (merges only; the vocabulary follows from them), a Hugging Face
 * {@code vocab.json} + {@code merges.txt} pair, or a {@code tokenizer.json}.
 */
public final class ClipVocabulary {

    /** Merges of CLIP's vocabulary: 49 408 tokens − 256 bytes − 256 word-final bytes − 2 special tokens. */
    static final int MERGES = 49152 - 256 - 2;
    public static final String START = "<|startoftext|>";
    public static final String END = "<|endoftext|>";

    private final Map<String, Integer> ids;
    private final Map<String, Integer> ranks;
    private final String source;

    private ClipVocabulary(Map<String, Integer> ids, Map<String, Integer> ranks, String source) {
        this.ids = ids;
        this.ranks = ranks;
        this.source = source;
        if (!ids.containsKey(START) || !ids.containsKey(END)) {
            throw new GenlabException("the CLIP vocabulary in " + source + " lacks " + START + " or " + END);
        }
    }

    public int id(String token) {
        Integer id = ids.get(token);
        return id != null ? id : ids.get(END);
    }

    public int startId() {
        return ids.get(START);
    }

    public int endId() {
        return ids.get(END);
    }


    /** The rank of merging {@code a} and {@code b} (lower merges first), or null if they never merge. */
    Integer rank(String a, String b) {
        return ranks.get(a + " " + b);
    }


    /** Reads a vocabulary from a .txt.gz merges file, a folder (vocab.json + merges.txt) or a tokenizer.json. */
    public static ClipVocabulary read(Path path) {
        if (Files.isDirectory(path)) {
            Path vocab = path.resolve("vocab.json");
            Path merges = path.resolve("merges.txt");
            if (Files.isRegularFile(vocab) && Files.isRegularFile(merges)) {
                return fromVocabAndMerges(vocab, merges);
            }
            if (Files.isRegularFile(path.resolve("tokenizer.json"))) {
                return fromTokenizerJson(path.resolve("tokenizer.json"));
            }
            throw new GenlabException(path + " holds no CLIP tokenizer (vocab.json and merges.txt, or tokenizer.json)");
        }
        String name = path.getFileName().toString();
        if (name.endsWith(".json")) {
            return fromTokenizerJson(path);
        }
        return fromOpenAiMerges(path);
    }

    /** OpenAI's file: a version line, then merges; the vocabulary is built from them as CLIP builds it. */
    static ClipVocabulary fromOpenAiMerges(Path file) {
        List<String> merges = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            r.readLine(); // "#version: 0.2"
            String line;
            while (merges.size() < MERGES && (line = r.readLine()) != null) {
                merges.add(line);
            }
        } catch (IOException e) {
            throw new GenlabException("cannot read the CLIP vocabulary " + file + ": " + e.getMessage());
        }
        if (merges.size() < MERGES) {
            throw new GenlabException(file + " has " + merges.size() + " merges, CLIP's vocabulary has " + MERGES
                    + ": not CLIP's bpe_simple_vocab_16e6.txt.gz");
        }
        List<String> tokens = new ArrayList<>(ByteLevel.alphabet());
        for (String b : ByteLevel.alphabet()) {
            tokens.add(b + "</w>");
        }
        for (String m : merges) {
            tokens.add(m.replace(" ", ""));
        }
        tokens.add(START);
        tokens.add(END);
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            ids.put(tokens.get(i), i);
        }
        return new ClipVocabulary(ids, ranks(merges), file.toString());
    }

    static ClipVocabulary fromVocabAndMerges(Path vocab, Path mergesFile) {
        List<String> merges = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(mergesFile, StandardCharsets.UTF_8)) {
                if (!line.startsWith("#version") && !line.isBlank()) {
                    merges.add(line);
                }
            }
            return new ClipVocabulary(idsOf(new ObjectMapper().readTree(vocab.toFile())), ranks(merges),
                    vocab.getParent().toString());
        } catch (IOException e) {
            throw new GenlabException("cannot read the CLIP tokenizer in " + vocab.getParent() + ": " + e.getMessage());
        }
    }

    static ClipVocabulary fromTokenizerJson(Path file) {
        try {
            JsonNode model = new ObjectMapper().readTree(file.toFile()).path("model");
            if (!model.path("vocab").isObject() || !model.path("merges").isArray()) {
                throw new GenlabException(file + " is not a BPE tokenizer.json (no model.vocab and model.merges)");
            }
            List<String> merges = new ArrayList<>();
            for (JsonNode m : model.get("merges")) {
                merges.add(m.isArray() ? m.get(0).asText() + " " + m.get(1).asText() : m.asText());
            }
            return new ClipVocabulary(idsOf(model.get("vocab")), ranks(merges), file.toString());
        } catch (IOException e) {
            throw new GenlabException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static Map<String, Integer> idsOf(JsonNode vocab) {
        Map<String, Integer> ids = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
            var e = it.next();
            ids.put(e.getKey(), e.getValue().asInt());
        }
        return ids;
    }

    private static Map<String, Integer> ranks(List<String> merges) {
        Map<String, Integer> ranks = new HashMap<>();
        for (int i = 0; i < merges.size(); i++) {
            ranks.put(merges.get(i), i);
        }
        return ranks;
    }
}
