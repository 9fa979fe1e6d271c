package dev.genlab.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.genlab.core.GenlabException;
import dev.genlab.data.png.A1111Parameters;
import dev.genlab.modelstore.ModelDirectory;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Everything that determined one generated image, stored in its PNG as JSON (the {@code genlab} iTXt
 * chunk) and, in A1111's layout, as the {@code parameters} tEXt chunk.
 *
 * <p>Seeds: image {@code i} of a run with {@code --seed S} has seed {@code S + i}. Images are computed in
 * micro-batches of consecutive seeds; since batching changes the last bits of floating-point results, the
 * micro-batch (its first seed, size and this image's position) is recorded, and reproducing the image
 * recomputes that micro-batch. With the default micro-batch of 1, each image is computed alone.
 *
 * @param className   the class generated, or null
 * @param classChosen "user" when the class was asked for, "seed" when the seed chose it, null if none
 * @param sampler     the sampler settings of an iterative model, or null for a one-pass model
 * @param options     the model's own settings (a procedural generator's parameters), or null if it has none
 */
public record GenerationRecord(String genlab, String commit, String model, String family, String weightsSha256,
        long seed, long batchSeed, int index, MicroBatch microBatch, String className, String classChosen,
        double temperature, int width, int height, String device, int threads, SamplerSettings sampler,
        Map<String, String> options) {

    /** The options of a text-to-image model that A1111's layout puts on its own lines, not among the settings. */
    public static final String PROMPT = "prompt";
    public static final String NEGATIVE_PROMPT = "negative_prompt";

    /** The group of images computed together. */
    public record MicroBatch(long firstSeed, int size, int position) {}

    /**
     * This record as remade now: the model that actually made the image again (name, family, weights hash) and
     * where it ran, measured rather than copied from the file.
     */
    public GenerationRecord remadeBy(String modelName, String familyName, String sha256, String deviceName,
            int threadCount, String genlabVersion, String genlabCommit) {
        return new GenerationRecord(genlabVersion, genlabCommit, modelName, familyName, sha256, seed, batchSeed,
                index, microBatch, className, classChosen, temperature, width, height, deviceName, threadCount,
                sampler, options);
    }

    /** Checks the fields a damaged or forged record could make dangerous (sizes, positions). */
    public void checkSane(String source) {
        if (microBatch == null || microBatch.size() < 1 || microBatch.size() > 4096 || microBatch.position() < 0
                || microBatch.position() >= microBatch.size()) {
            throw new GenlabException(source + " has a damaged genlab record: micro_batch "
                    + (microBatch == null ? "missing" : "size " + microBatch.size() + ", position "
                    + microBatch.position()) + " (size must be 1 to 4096, position within it)");
        }
        if (model == null || family == null) {
            throw new GenlabException(source + " has a damaged genlab record: no model or family");
        }
    }

    /** Starts a record of this genlab build; the other facts come in groups. */
    public static Builder builder(String genlab, String commit) {
        return new Builder(genlab, commit);
    }

    /**
     * Collects the facts of a record in named groups, so that no caller lines up eighteen positional
     * arguments. The record's JSON (and so every PNG written before) is unchanged.
     */
    public static final class Builder {
        private final String genlab;
        private final String commit;
        private String model;
        private String family;
        private String weightsSha256;
        private long seed;
        private long batchSeed;
        private int index;
        private MicroBatch microBatch;
        private String className;
        private String classChosen;
        private double temperature = 1;
        private int width;
        private int height;
        private String device;
        private int threads;
        private SamplerSettings sampler;
        private Map<String, String> options;

        private Builder(String genlab, String commit) {
            this.genlab = genlab;
            this.commit = commit;
        }

        /** Which model: its name, family and the SHA-256 of its weights file. */
        public Builder model(String name, String familyName, String sha256) {
            this.model = name;
            this.family = familyName;
            this.weightsSha256 = sha256;
            return this;
        }

        /** The image's seed, the run's first seed, its index in the run and the micro-batch it was computed in. */
        public Builder seeds(long imageSeed, long runSeed, int indexInRun, MicroBatch batch) {
            this.seed = imageSeed;
            this.batchSeed = runSeed;
            this.index = indexInRun;
            this.microBatch = batch;
            return this;
        }

        /** The class generated and who chose it ("user" or "seed"); both null for an unconditional image. */
        public Builder conditioning(String classNameOrNull, String chosenByOrNull) {
            this.className = classNameOrNull;
            this.classChosen = chosenByOrNull;
            return this;
        }

        /** The sampling temperature and the image's size. */
        public Builder image(double samplingTemperature, int imageWidth, int imageHeight) {
            this.temperature = samplingTemperature;
            this.width = imageWidth;
            this.height = imageHeight;
            return this;
        }

        /** Where it ran: the device and the engine's thread count. */
        public Builder runtime(String deviceName, int threadCount) {
            this.device = deviceName;
            this.threads = threadCount;
            return this;
        }

        /** The sampler settings (null for a one-pass model) and the model's own settings (null if none). */
        public Builder settings(SamplerSettings samplerOrNull, Map<String, String> optionsOrNull) {
            this.sampler = samplerOrNull;
            this.options = optionsOrNull;
            return this;
        }

        public GenerationRecord build() {
            return new GenerationRecord(genlab, commit, model, family, weightsSha256, seed, batchSeed, index,
                    microBatch, className, classChosen, temperature, width, height, device, threads, sampler,
                    options);
        }
    }

    public String toJson() {
        try {
            return ModelDirectory.JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static GenerationRecord fromJson(String json, String source) {
        try {
            GenerationRecord r = ModelDirectory.JSON.readValue(json, GenerationRecord.class);
            if (r == null) { // the JSON literal null (found by fuzzing)
                throw new GenlabException(source + " has an empty genlab chunk (null): the file is damaged or was "
                        + "not written by genlab");
            }
            return r;
        } catch (JsonProcessingException e) {
            throw new GenlabException(source + " has an unreadable genlab chunk: " + e.getOriginalMessage());
        }
    }

    /**
     * The same facts in AUTOMATIC1111's layout; for a one-pass model, Steps/Sampler name the one pass from
     * the prior.
     */
    public A1111Parameters toA1111(String shortHash) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("Steps", sampler == null ? "1" : Integer.toString(sampler.steps()));
        s.put("Sampler", sampler != null ? A1111Names.sampler(sampler)
                : options != null && options.containsKey("size") ? family + " (procedural)" : family + " prior");
        if (sampler != null) {
            s.put("CFG scale", String.format(Locale.ROOT, "%s", sampler.cfg()));
            if ("ddim".equals(sampler.sampler())) {
                s.put("Eta", String.format(Locale.ROOT, "%s", sampler.eta()));
            }
        }
        s.put("Seed", Long.toString(seed));
        s.put("Size", width + "x" + height);
        s.put("Model hash", shortHash);
        s.put("Model", model);
        if (className != null) {
            s.put("Class", className);
        }
        if (options != null) {
            options.forEach((k, v) -> {
                if (!k.equals("size") && !k.equals(PROMPT) && !k.equals(NEGATIVE_PROMPT)) {
                    s.put(A1111Names.key(k), A1111Names.value(k, v));
                }
            });
        }
        s.put("Temperature", String.format(Locale.ROOT, "%s", temperature));
        s.put("Batch size", Integer.toString(microBatch.size()));
        s.put("Batch pos", Integer.toString(microBatch.position()));
        s.put("Version", "genlab " + genlab);
        return new A1111Parameters(options == null ? "" : options.getOrDefault(PROMPT, ""),
                options == null ? "" : options.getOrDefault(NEGATIVE_PROMPT, ""), s);
    }
}
