package dev.genlab.server;

import java.util.List;
import java.util.Map;

/**
 * What a client asks for, in genlab's terms, whichever API it came through. Fields left null take the model's
 * defaults.
 *
 * @param seed       the first image's seed, or null for a random one
 * @param n          images in all
 * @param batch      images computed together (A1111's batch_size)
 * @param initImage  the init image's PNG or JPEG bytes (image to image), or null
 * @param mask       the inpainting mask's bytes (white = repaint), or null
 * @param params     a model's own settings by name (a procedural generator's)
 * @param notes      what the API layer could not honour, said in the job's info
 * @param evaluate   score the images (FD, KID, IS, precision, recall against the classifier's reference) instead
 *                   of writing them
 */
public record JobRequest(String model, String prompt, String negativePrompt, Long seed, int n, int batch,
        String className, String sampler, Integer steps, Double cfg, Boolean karras, Integer width, Integer height,
        Double strength, byte[] initImage, byte[] mask, Map<String, String> params, List<String> notes,
        boolean evaluate) {

    public static final int MAX_IMAGES = 64;
    /** Samples an evaluation may draw: the metrics need 10, the bench protocol uses 1,000 a seed set. */
    public static final int MAX_EVAL_SAMPLES = 5000;

    /** A request for images. */
    public JobRequest(String model, String prompt, String negativePrompt, Long seed, int n, int batch,
            String className, String sampler, Integer steps, Double cfg, Boolean karras, Integer width, Integer height,
            Double strength, byte[] initImage, byte[] mask, Map<String, String> params, List<String> notes) {
        this(model, prompt, negativePrompt, seed, n, batch, className, sampler, steps, cfg, karras, width, height,
                strength, initImage, mask, params, notes, false);
    }

    public JobRequest {
        if (evaluate && (n < 10 || n > MAX_EVAL_SAMPLES)) {
            throw ApiError.unprocessable("an evaluation draws 10 to " + MAX_EVAL_SAMPLES + " samples, got " + n);
        }
        if (!evaluate && (n < 1 || n > MAX_IMAGES)) {
            throw ApiError.unprocessable("a request makes 1 to " + MAX_IMAGES + " images (batch_size × n_iter), got "
                    + n);
        }
        if (batch < 1 || batch > n) {
            throw ApiError.unprocessable("batch_size must be between 1 and the number of images, got " + batch);
        }
        params = params == null ? Map.of() : Map.copyOf(params);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }
}
