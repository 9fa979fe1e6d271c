package dev.genlab.model.sd;

import dev.genlab.core.GenlabException;
import dev.genlab.core.UsageException;
import dev.genlab.data.Image;
import dev.genlab.data.ImageFiles;
import dev.genlab.model.GenerationRecord;
import dev.genlab.model.SizeArg;
import dev.genlab.model.TextToImageArgs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Stable Diffusion's own settings, as recorded in each PNG: prompt and negative prompt (AUTOMATIC1111's
 * syntax), size, clip skip, the random generator, and for image to image and inpainting the init image,
 * the strength and the mask (white = repaint); and the VAE's tile size, when it works in tiles.
 *
 * @param tile     the side in pixels of the VAE's tiles (see {@link VaeTiles}), 0 for none
 * @param rng      "genlab" (genlab's own per-image streams) or "torch" (torch.randn on a CPU generator)
 * @param strength share of the steps run from the init image (0: its reconstruction; 1: all)
 */
record SdOptions(String prompt, String negativePrompt, int width, int height, int clipSkip, String rng, Path init,
        double strength, Path mask, int tile) {

    static final String PROMPT = GenerationRecord.PROMPT;
    static final String NEGATIVE = GenerationRecord.NEGATIVE_PROMPT;
    static final String SIZE = "size";
    static final String CLIP_SKIP = "clip_skip";
    static final String RNG = "rng";
    static final String INIT = "init";
    static final String STRENGTH = "strength";
    static final String MASK = "mask";
    static final String TILE = "tile";
    static final int DEFAULT_SIDE = 512;
    /** Sides beyond this are refused: SD 1.x was trained at 512, and 2048² already needs ~8 GB of attention. */
    static final int MAX_SIDE = 2048;
    static final double DEFAULT_STRENGTH = TextToImageArgs.DEFAULT_STRENGTH;
    private static final Set<String> KEYS = Set.of(PROMPT, NEGATIVE, SIZE, CLIP_SKIP, RNG, INIT, STRENGTH, MASK,
            TILE);

    /** The options of a request that were resolved before. */
    static SdOptions of(Map<String, String> o) {
        int[] size = SizeArg.parse(o.getOrDefault(SIZE, DEFAULT_SIDE + "x" + DEFAULT_SIDE));
        String init = o.get(INIT);
        String mask = o.get(MASK);
        return new SdOptions(o.getOrDefault(PROMPT, ""), o.getOrDefault(NEGATIVE, ""), size[0], size[1],
                Integer.parseInt(o.getOrDefault(CLIP_SKIP, "1")), o.getOrDefault(RNG, "genlab"),
                init == null ? null : Path.of(init), Double.parseDouble(o.getOrDefault(STRENGTH, "1")),
                mask == null ? null : Path.of(mask), Integer.parseInt(o.getOrDefault(TILE, "0")));
    }

    /**
     * Checks the user's settings and completes them with defaults, in the form recorded in the PNG.
     *
     * @param multiple sides must be multiples of this (64 for SD 1.x: the VAE's 8 times the UNet's 8)
     */
    static Map<String, String> resolve(Map<String, String> given, String model, int multiple, int textLayers) {
        for (String k : given.keySet()) {
            if (!KEYS.contains(k)) {
                throw new UsageException("model " + model + " has no setting '" + k.replace('_', '-') + "'; Stable "
                        + "Diffusion takes a prompt, --negative, --size, --clip-skip, --rng, --init, --strength, "
                        + "--mask and --tile");
            }
        }
        String prompt = given.get(PROMPT);
        if (prompt == null) {
            throw new UsageException("model " + model + " needs a prompt: genlab generate " + model
                    + " \"a photo of a woman's face\" (\"\" asks for an unconditional image)");
        }
        Map<String, String> out = new LinkedHashMap<>();
        out.put(PROMPT, prompt);
        String negative = given.getOrDefault(NEGATIVE, "");
        if (!negative.isEmpty()) {
            out.put(NEGATIVE, negative);
        }
        Image init = given.containsKey(INIT) ? TextToImageArgs.readImage(given.get(INIT), "--init") : null;
        int[] size;
        if (given.containsKey(SIZE)) {
            size = SizeArg.parse(given.get(SIZE));
            if (init != null && (init.width() != size[0] || init.height() != size[1])) {
                throw new UsageException("--size " + size[0] + "x" + size[1] + " differs from the --init image's "
                        + init.width() + "x" + init.height() + ": leave --size out (the init image sets it) or resize "
                        + "the image");
            }
        } else {
            size = init != null ? new int[] {init.width(), init.height()} : new int[] {DEFAULT_SIDE, DEFAULT_SIDE};
        }
        checkSize(size, multiple, init != null ? "the --init image" : "--size");
        out.put(SIZE, size[0] + "x" + size[1]);
        int clipSkip = clipSkip(given.getOrDefault(CLIP_SKIP, "1"), textLayers);
        if (clipSkip != 1) {
            out.put(CLIP_SKIP, Integer.toString(clipSkip));
        }
        String rng = given.getOrDefault(RNG, "genlab").toLowerCase(Locale.ROOT);
        if (!rng.equals("genlab") && !rng.equals("torch")) {
            throw new UsageException("--rng must be genlab or torch, got '" + given.get(RNG) + "'");
        }
        out.put(RNG, rng);
        int tile = given.containsKey(TILE) ? VaeTiles.pixels(given.get(TILE)) : 0;
        if (tile != 0) {
            out.put(TILE, Integer.toString(tile));
        }
        boolean inpaint = given.containsKey(MASK);
        if (init == null && (given.containsKey(STRENGTH) || inpaint)) {
            throw new UsageException((inpaint ? "--mask" : "--strength") + " needs --init IMAGE: the image to "
                    + (inpaint ? "inpaint" : "start from"));
        }
        if (init != null) {
            TextToImageArgs.putImage(out, INIT, TextToImageArgs.absolute(given.get(INIT)));
            out.put(STRENGTH, String.format(Locale.ROOT, "%s", TextToImageArgs.strength(given.get(STRENGTH),
                    inpaint ? 1.0 : DEFAULT_STRENGTH)));
            if (inpaint) {
                Image mask = TextToImageArgs.readImage(given.get(MASK), "--mask");
                if (mask.width() != init.width() || mask.height() != init.height()) {
                    throw new UsageException("--mask is " + mask.width() + "x" + mask.height() + " but the --init "
                            + "image is " + init.width() + "x" + init.height() + ": they must be the same size");
                }
                TextToImageArgs.putImage(out, MASK, TextToImageArgs.absolute(given.get(MASK)));
            }
        }
        return out;
    }

    private static void checkSize(int[] size, int multiple, String what) {
        if (size[0] % multiple != 0 || size[1] % multiple != 0 || size[0] > MAX_SIDE || size[1] > MAX_SIDE) {
            int w = Math.max(multiple, Math.min(MAX_SIDE, Math.round((float) size[0] / multiple) * multiple));
            int h = Math.max(multiple, Math.min(MAX_SIDE, Math.round((float) size[1] / multiple) * multiple));
            throw new UsageException(what + " is " + size[0] + "x" + size[1] + "; this model needs sides that are "
                    + "multiples of " + multiple + " up to " + MAX_SIDE + ", e.g. " + w + "x" + h);
        }
    }

    private static int clipSkip(String text, int layers) {
        int v;
        try {
            v = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--clip-skip must be a whole number, got '" + text + "'");
        }
        if (v < 1 || v > layers) {
            throw new UsageException("--clip-skip must be between 1 (the last layer) and " + layers
                    + ", got " + v);
        }
        return v;
    }
}
