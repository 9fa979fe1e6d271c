package dev.genlab.model;

import dev.genlab.core.GenlabException;
import dev.genlab.core.UsageException;
import dev.genlab.data.Image;
import dev.genlab.data.ImageFiles;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks of the settings every text-to-image family takes ({@link GenerateOption#TEXT_TO_IMAGE}). */
public final class TextToImageArgs {

    /** A1111's default denoising strength for image to image. */
    public static final double DEFAULT_STRENGTH = 0.75;

    private TextToImageArgs() {}

    /** --strength in [0, 1], or {@code dflt} when not given. */
    public static double strength(String text, double dflt) {
        if (text == null) {
            return dflt;
        }
        double v;
        try {
            v = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--strength must be a number between 0 and 1, got '" + text + "'");
        }
        if (!(v >= 0 && v <= 1)) {
            throw new UsageException("--strength must be between 0 and 1 (0 keeps the init image, 1 redraws it), "
                    + "got " + text);
        }
        return v;
    }

    /** The absolute path of an image file the user gave (as recorded in the PNG). */
    public static Path absolute(String file) {
        return Path.of(file).toAbsolutePath().normalize();
    }

    /** An existing, readable image given as {@code option} (--init, --mask), or a usage error naming it. */
    public static Image readImage(String file, String option) {
        Path p = absolute(file);
        if (!Files.isRegularFile(p)) {
            throw new UsageException(option + " image not found: " + p);
        }
        try {
            return ImageFiles.read(p);
        } catch (GenlabException e) {
            throw new UsageException(option + " " + p + " is not an image genlab can read (PNG or JPEG): "
                    + e.getMessage());
        }
    }

    /** The recorded key of an image option's SHA-256 ("init" → "init_sha256"). */
    public static String hashKey(String option) {
        return option + "_sha256";
    }

    /**
     * Records an image the request reads (init image, mask) by path and SHA-256, so that --from can tell when
     * the file was changed since: the same path with other pixels would make another image without a word.
     */
    public static void putImage(java.util.Map<String, String> out, String key, Path path) {
        out.put(key, path.toString());
        out.put(hashKey(key), dev.genlab.core.Sha256.of(path));
    }

    /**
     * Refuses to make an image again when a file it was made from (an init image, a mask, a StyleGAN2 network's
     * projected w: every option recorded with its SHA-256) is gone or changed since.
     */
    public static void checkRecordedImages(java.util.Map<String, String> options, String source) {
        for (String key : options.keySet()) {
            String file = options.get(key);
            String hash = options.get(hashKey(key));
            if (file == null || hash == null) {
                continue;
            }
            String what = key.equals("init") || key.equals("mask") ? "the " + key + " image" : "the "
                    + key.replace('_', ' ') + " file";
            Path p = Path.of(file);
            if (!Files.isRegularFile(p)) {
                throw new GenlabException(source + " was made from " + what + " " + p + ", which is gone: put it "
                        + "back to make the image again");
            }
            if (!dev.genlab.core.Sha256.of(p).equals(hash)) {
                throw new GenlabException(source + " was made from " + what + " " + p + ", which has changed since "
                        + "(its SHA-256 differs): restore it to make the same image again");
            }
        }
    }
}
