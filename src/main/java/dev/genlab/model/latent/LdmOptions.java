package dev.genlab.model.latent;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.genlab.core.GenlabException;
import dev.genlab.core.UsageException;
import dev.genlab.data.Image;
import dev.genlab.data.ImageFiles;
import dev.genlab.model.GenerationRecord;
import dev.genlab.model.TextToImageArgs;
import dev.genlab.modelstore.ImageShape;
import dev.genlab.nn.Tensors;
import dev.genlab.text.TextEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The text-to-image model's own settings, as recorded in each PNG: the prompt, the negative prompt, and
 * for image-to-image and inpainting the init image, the strength and the mask (white = repaint).
 *
 * @param strength share of the sampler's steps run from the init image (0: its reconstruction; 1: all)
 */
record LdmOptions(String prompt, String negativePrompt, Path init, double strength, Path mask) {

    static final String PROMPT = GenerationRecord.PROMPT;
    static final String NEGATIVE = GenerationRecord.NEGATIVE_PROMPT;
    static final String INIT = "init";
    static final String STRENGTH = "strength";
    static final String MASK = "mask";
    static final double DEFAULT_STRENGTH = TextToImageArgs.DEFAULT_STRENGTH;
    private static final Set<String> KEYS = Set.of(PROMPT, NEGATIVE, INIT, STRENGTH, MASK);

    /** The options of a request that were resolved before (a missing prompt is the unconditional one). */
    static LdmOptions of(Map<String, String> o) {
        String init = o.get(INIT);
        String mask = o.get(MASK);
        return new LdmOptions(o.getOrDefault(PROMPT, ""), o.getOrDefault(NEGATIVE, ""),
                init == null ? null : Path.of(init), Double.parseDouble(o.getOrDefault(STRENGTH, "1")),
                mask == null ? null : Path.of(mask));
    }

    /** Checks the user's settings and completes them with defaults, in the form recorded in the PNG. */
    static Map<String, String> resolve(Map<String, String> given, ImageShape shape, String model, TextEncoder text) {
        for (String k : given.keySet()) {
            if (!KEYS.contains(k)) {
                throw new UsageException("model " + model + " has no setting '" + k.replace('_', '-') + "'; a "
                        + "text-to-image model takes a prompt, --negative, --init, --strength and --mask");
            }
        }
        String prompt = given.get(PROMPT);
        if (prompt == null) {
            throw new UsageException("model " + model + " needs a prompt: genlab generate " + model
                    + " \"a pair of sneakers\" (\"\" asks for an unconditional image)");
        }
        Map<String, String> out = new LinkedHashMap<>();
        out.put(PROMPT, prompt);
        String negative = given.getOrDefault(NEGATIVE, "");
        if (!negative.isEmpty()) {
            out.put(NEGATIVE, negative);
        }
        for (String p : new String[] {prompt, negative}) {
            if (text.truncates(p)) {
                // the prompt's start only (Printable cuts it and says how much more there was): a 10 kB prompt
                // echoed whole buries the warning
                System.err.printf("genlab: warning: the prompt \"%s\" is longer than the text encoder's %d tokens; the "
                        + "rest is ignored (as Stable Diffusion cuts prompts at 77)%n",
                        dev.genlab.core.Printable.of(p, 60), TextEncoder.TOKENS);
            }
        }
        boolean hasInit = given.containsKey(INIT);
        if (!hasInit && (given.containsKey(STRENGTH) || given.containsKey(MASK))) {
            throw new UsageException((given.containsKey(MASK) ? "--mask" : "--strength")
                    + " needs --init IMAGE: the image to " + (given.containsKey(MASK) ? "inpaint" : "start from"));
        }
        if (hasInit) {
            Path init = checkedImage(given.get(INIT), "--init", shape);
            TextToImageArgs.putImage(out, INIT, init);
            boolean inpaint = given.containsKey(MASK);
            double strength = TextToImageArgs.strength(given.get(STRENGTH), inpaint ? 1.0 : DEFAULT_STRENGTH);
            out.put(STRENGTH, String.format(Locale.ROOT, "%s", strength));
            if (inpaint) {
                TextToImageArgs.putImage(out, MASK, checkedImage(given.get(MASK), "--mask", shape));
            }
        }
        return out;
    }

    /** An existing image file of exactly the model's size (no silent rescaling of what the user drew). */
    private static Path checkedImage(String file, String option, ImageShape shape) {
        Path p = TextToImageArgs.absolute(file);
        Image im = TextToImageArgs.readImage(file, option);
        if (im.width() != shape.width() || im.height() != shape.height()) {
            throw new UsageException(option + " " + p + " is " + im.width() + "x" + im.height() + "; this model takes "
                    + shape.size() + " images" + (option.equals("--mask") ? " (the init image's size)" : ""));
        }
        return p;
    }

    /** The init image, repeated for the batch: (B, C, H, W) in [0, 1]. */
    NDArray initImages(NDManager m, ImageShape shape, int b) {
        float[] one = ImageFiles.read(init, shape.channels(), shape.height(), shape.width()).pixels();
        float[] all = new float[b * one.length];
        for (int i = 0; i < b; i++) {
            System.arraycopy(one, 0, all, i * one.length, one.length);
        }
        return m.create(all, new Shape(b, shape.channels(), shape.height(), shape.width()));
    }

    /**
     * Where the init latent stays, (B, 1, s, s): 1 for latent cells whose whole patch of the mask is black,
     * 0 where any of it is white (a cell that touches the region to repaint is repainted). Outside the
     * image, in the canvas border, the init latent stays.
     */
    NDArray latentKeep(NDManager m, AutoencoderConfig ae, int b) {
        ImageShape shape = ae.image();
        float[] px = ImageFiles.read(mask, 1, shape.height(), shape.width()).pixels();
        NDArray white = m.create(px, new Shape(1, 1, shape.height(), shape.width())).gt(0.5f).toType(
                ai.djl.ndarray.types.DataType.FLOAT32, false);
        NDArray canvas = Tensors.padCentred(white, ae.canvas(), 0f);
        int f = ae.canvas() / ae.latentSize();
        NDArray repaint = canvas.reshape(1, 1, ae.latentSize(), f, ae.latentSize(), f).max(new int[] {5}).max(new int[] {3});
        NDArray keep = repaint.sub(1f).neg();
        return keep.repeat(0, b);
    }
}
