package dev.genlab.model;

import dev.genlab.data.png.A1111Parameters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How AUTOMATIC1111's web UI names what genlab records: its sampler names ("DPM++ 2M Karras"), its setting
 * keys ("Denoising strength", "Clip skip", "RNG"), both ways, so that A1111's PNG Info reads genlab's images
 * and {@code genlab generate --from} reads A1111's.
 */
public final class A1111Names {

    private A1111Names() {}

    /** genlab's sampler name → A1111's (without the " Karras" schedule suffix). */
    private static final Map<String, String> SAMPLERS = Map.of("euler", "Euler", "euler-a", "Euler a", "heun",
            "Heun", "dpmpp-2m", "DPM++ 2M", "dpmpp-2m-sde", "DPM++ 2M SDE", "ddim", "DDIM", "pndm", "PLMS", "ddpm",
            "DDPM");

    /** genlab's option keys → A1111's setting keys, where A1111 has its own name. */
    private static final Map<String, String> KEYS = Map.of("strength", "Denoising strength", "clip_skip", "Clip skip",
            "rng", "RNG");

    /** A1111's "Sampler" value for genlab's settings, e.g. "DPM++ 2M Karras". */
    public static String sampler(SamplerSettings s) {
        String name = SAMPLERS.getOrDefault(s.sampler(), s.sampler());
        return name + (s.karras() ? " Karras" : "");
    }

    /** A sampler as A1111 names it, in genlab's terms: the sampler and whether the name asked for Karras σs. */
    public record SamplerChoice(String sampler, boolean karras) {}

    /**
     * genlab's sampler for an A1111 sampler name ("DPM++ 2M Karras", "Euler a"; genlab's own names are accepted
     * too), or null when genlab has none of that name.
     */
    public static SamplerChoice sampler(String a1111) {
        String t = a1111.trim();
        boolean karras = false;
        if (t.endsWith(" Karras")) {
            karras = true;
            t = t.substring(0, t.length() - " Karras".length());
        }
        for (var e : SAMPLERS.entrySet()) {
            if (e.getValue().equalsIgnoreCase(t) || e.getKey().equalsIgnoreCase(t)) {
                return new SamplerChoice(e.getKey(), karras);
            }
        }
        return null;
    }

    /** A1111's names of genlab's samplers, genlab's name → A1111's, in a fixed order. */
    public static Map<String, String> samplerNames() {
        return new java.util.TreeMap<>(SAMPLERS);
    }

    /** A1111's key for one of genlab's options: its own name where it has one, else the key in its style. */
    public static String key(String option) {
        String k = KEYS.get(option);
        return k != null ? k : Character.toUpperCase(option.charAt(0)) + option.substring(1).replace('_', ' ');
    }

    /** A1111's way of writing an option's value ("RNG: CPU" for torch's CPU noise). */
    public static String value(String option, String value) {
        return option.equals("rng") && value.equals("torch") ? "CPU" : value;
    }

    /**
     * What an A1111 image asks for, in genlab's terms, and what genlab cannot honour.
     *
     * @param options prompt, negative prompt, size and the settings genlab has
     * @param ignored one phrase per setting left out or changed, for a one-line note
     */
    public record Imported(long seed, SamplerSettings sampler, Map<String, String> options, List<String> ignored) {}

    /** Reads A1111's parameters against a model's default sampler settings. */
    public static Imported read(A1111Parameters p, SamplerSettings defaults) {
        Map<String, String> s = new LinkedHashMap<>(p.settings());
        List<String> ignored = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        options.put("prompt", p.prompt());
        if (!p.negativePrompt().isEmpty()) {
            options.put("negative_prompt", p.negativePrompt());
        }
        long seed = (long) number("Seed", required(s, "Seed"), true);
        String samplerText = s.remove("Sampler");
        String schedule = s.remove("Schedule type"); // A1111 ≥ 1.6 writes the schedule apart
        boolean karras = "Karras".equalsIgnoreCase(schedule != null ? schedule : "");
        String samplerName = defaults.sampler();
        if (samplerText != null) {
            SamplerChoice choice = sampler(samplerText);
            if (choice == null) {
                ignored.add("sampler " + samplerText + " (genlab has none of that name; used " + samplerName + ")");
            } else {
                samplerName = choice.sampler();
                karras |= choice.karras();
            }
        }
        if (schedule != null && !karras && !schedule.equalsIgnoreCase("Automatic")) {
            ignored.add("schedule type " + schedule);
        }
        int steps = s.containsKey("Steps") ? (int) number("Steps", s.remove("Steps"), true) : defaults.steps();
        double cfg = s.containsKey("CFG scale") ? number("CFG scale", s.remove("CFG scale"), false) : defaults.cfg();
        double eta = s.containsKey("Eta") ? number("Eta", s.remove("Eta"), false) : defaults.eta();
        s.remove("Seed");
        String size = s.remove("Size");
        if (size != null) {
            options.put("size", size.trim());
        }
        String clipSkip = s.remove("Clip skip");
        if (clipSkip != null) {
            options.put("clip_skip", clipSkip.trim());
        }
        String rng = s.remove("RNG");
        if ("CPU".equalsIgnoreCase(rng) || "torch".equalsIgnoreCase(rng)) {
            options.put("rng", "torch");
        } else if (rng == null || rng.equalsIgnoreCase("GPU")) {
            options.put("rng", "torch");
            ignored.add("GPU noise (A1111 drew it on the GPU, which no CPU generator reproduces; torch's CPU noise "
                    + "used)");
        } else if (!rng.equalsIgnoreCase("genlab")) {
            ignored.add("RNG " + rng);
        } else {
            options.put("rng", "genlab");
        }
        String strength = s.remove("Denoising strength");
        if (strength != null) {
            ignored.add("denoising strength " + strength + " (the init image is not in the PNG)");
        }
        for (String informational : List.of("Model hash", "Model", "Version", "Batch size", "Batch pos",
                "Temperature", "VAE hash", "VAE")) {
            s.remove(informational);
        }
        s.keySet().forEach(k -> ignored.add(k.toLowerCase(Locale.ROOT)));
        return new Imported(seed, new SamplerSettings(samplerName, steps, cfg, eta, karras), options, ignored);
    }

    /** A number of the parameters text; a damaged one is genlab's one-line error naming the setting. */
    private static double number(String key, String text, boolean whole) {
        String t = text.trim();
        try {
            if (whole) {
                long v = Long.parseLong(t);
                if (v < 0 || v > Integer.MAX_VALUE && !key.equals("Seed")) {
                    throw new NumberFormatException();
                }
                return v;
            }
            double v = Double.parseDouble(t);
            if (!Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new dev.genlab.core.GenlabException("the A1111 parameters have a damaged " + key + ": '"
                    + dev.genlab.core.Printable.of(t, 30) + "' is not " + (whole ? "a whole number" : "a number"));
        }
    }

    private static String required(Map<String, String> s, String key) {
        String v = s.get(key);
        if (v == null) {
            throw new dev.genlab.core.GenlabException("the A1111 parameters have no " + key + ": genlab cannot make "
                    + "the image again");
        }
        return v;
    }
}
