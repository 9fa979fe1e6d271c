package dev.genlab.model;

import dev.genlab.core.UsageException;
import java.util.Locale;

/** The {@code --size WIDTHxHEIGHT} setting that models of any size share; each family checks its own limits. */
public final class SizeArg {

    private SizeArg() {}

    /** "WxH" → {W, H}, both positive, or a usage error that shows the form. */
    public static int[] parse(String text) {
        String[] wh = text.trim().toLowerCase(Locale.ROOT).split("x");
        try {
            if (wh.length != 2) {
                throw new NumberFormatException();
            }
            int w = Integer.parseInt(wh[0].trim());
            int h = Integer.parseInt(wh[1].trim());
            if (w < 1 || h < 1) {
                throw new NumberFormatException();
            }
            return new int[] {w, h};
        } catch (NumberFormatException e) {
            throw new UsageException("--size must be WIDTHxHEIGHT in pixels, e.g. 512x512, got '" + text + "'");
        }
    }
}
