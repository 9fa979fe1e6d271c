package dev.genlab.model;

import dev.genlab.core.UsageException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The settings every style-based generator takes (genlab's StyleGAN and NVIDIA's StyleGAN2-ADA networks alike),
 * checked in one place: truncation ψ, style mixing (layers from K on take the w of a second seed) and the
 * per-pixel noise mode, under the keys their PNGs record.
 */
public final class StyleSettings {

    public static final String TRUNCATION = "truncation";
    public static final String MIX_SEED = "mix_seed";
    public static final String MIX_LAYER = "mix_layer";
    public static final String NOISE = "noise";

    /** The flags of truncation and mixing; each family adds its noise flag (their defaults differ). */
    public static final List<GenerateOption> OPTIONS = List.of(
            new GenerateOption("--truncation", TRUNCATION, "PSI",
                    "StyleGAN: pull w toward its average, ψ in [0, 2] (default: 1, no truncation)."),
            new GenerateOption("--mix-seed", MIX_SEED, "S2",
                    "StyleGAN: style mixing, layers from --mix-layer on take their styles from seed S2."),
            new GenerateOption("--mix-layer", MIX_LAYER, "K", "StyleGAN: the first layer that takes S2's style."));

    private StyleSettings() {}

    /**
     * Checks {@code given}'s truncation, noise and mixing settings and completes them with defaults.
     *
     * @param layers       the number of w's the synthesis network reads (what --mix-layer counts)
     * @param defaultNoise the noise mode when none is given
     * @param others       further keys the model accepts (left to it, not copied)
     * @param model        the model's name, for the error that names a setting it does not have
     */
    public static Map<String, String> resolve(Map<String, String> given, int layers, String defaultNoise,
            List<String> others, String model) {
        for (String k : given.keySet()) {
            if (!List.of(TRUNCATION, MIX_SEED, MIX_LAYER, NOISE).contains(k) && !others.contains(k)) {
                throw new UsageException("model " + model + " has no setting '" + k + "'; a StyleGAN takes "
                        + "--truncation, --mix-seed, --mix-layer, --noise"
                        + (others.isEmpty() ? "" : " and --" + String.join(", --", others).replace('_', '-')));
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        double psi;
        try {
            psi = Double.parseDouble(given.getOrDefault(TRUNCATION, "1").trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--truncation must be a number in [0, 2], got '" + given.get(TRUNCATION) + "'");
        }
        if (!(psi >= 0 && psi <= 2)) {
            throw new UsageException("--truncation must be in [0, 2], got " + given.get(TRUNCATION));
        }
        out.put(TRUNCATION, Double.toString(psi));
        String noise = given.getOrDefault(NOISE, defaultNoise).trim().toLowerCase(Locale.ROOT);
        if (!List.of("random", "const", "none").contains(noise)) {
            throw new UsageException("--noise must be random, const or none, got '" + given.get(NOISE) + "'");
        }
        out.put(NOISE, noise);
        if (given.containsKey(MIX_LAYER) && !given.containsKey(MIX_SEED)) {
            throw new UsageException("--mix-layer needs --mix-seed S2 (the seed whose styles the later layers take)");
        }
        if (given.containsKey(MIX_SEED)) {
            long seed;
            int layer;
            try {
                seed = Long.parseLong(given.get(MIX_SEED).trim());
                layer = Integer.parseInt(given.getOrDefault(MIX_LAYER, Integer.toString(layers / 2)).trim());
            } catch (NumberFormatException e) {
                throw new UsageException("--mix-seed and --mix-layer must be whole numbers");
            }
            if (seed < 0) {
                throw new UsageException("--mix-seed must be ≥ 0, got " + seed);
            }
            if (layer < 0 || layer >= layers) {
                throw new UsageException("--mix-layer must be between 0 and " + (layers - 1) + " (this model has "
                        + layers + " style layers), got " + layer);
            }
            out.put(MIX_SEED, Long.toString(seed));
            out.put(MIX_LAYER, Integer.toString(layer));
        }
        return out;
    }

    /** A style network's mapping: n latents (n × zDim, flat) and one-hot classes (n × K, or null) → n w's, flat. */
    @FunctionalInterface
    public interface Mapping {
        float[] apply(float[] z, float[] oneHot, int n);
    }

    /**
     * The w's of a walk between the latents of two seeds (frames × wDim, flat): through z (a great circle, then
     * the mapping, classes blended alike) or through w (a straight line between the two mapped w's).
     *
     * @param classes the number of classes, 0 for an unconditional network
     */
    public static float[] walk(String space, long seedA, long seedB, int frames, Integer classA, Integer classB,
            double temperature, int zDim, int wDim, int classes, Mapping mapping) {
        if (!space.equals("z") && !space.equals("w")) {
            throw new UsageException("--space must be z or w, got '" + space + "'");
        }
        float[] za = Latents.gaussian(seedA, zDim, temperature);
        float[] zb = Latents.gaussian(seedB, zDim, temperature);
        int ca = classes == 0 ? 0 : classA != null ? classA : Latents.classForSeed(seedA, classes);
        int cb = classes == 0 ? 0 : classB != null ? classB : Latents.classForSeed(seedB, classes);
        if (space.equals("z")) {
            return mapping.apply(Latents.walk(za, zb, frames), classes == 0 ? null
                    : Latents.classWalk(ca, cb, classes, frames), frames);
        }
        float[] z = new float[2 * zDim];
        System.arraycopy(za, 0, z, 0, zDim);
        System.arraycopy(zb, 0, z, zDim, zDim);
        float[] ends = mapping.apply(z, classes == 0 ? null : Latents.oneHot(new int[] {ca, cb}, classes), 2);
        return wLine(ends, wDim, frames);
    }

    /**
     * Per-pixel noise of a layer at resolution r for each image, B·r·r values drawn from each image's own seed
     * (and the layer's index), so that an image's noise does not depend on its batch.
     */
    public static float[] seededNoise(long[] seeds, int layer, int r) {
        float[] v = new float[seeds.length * r * r];
        for (int i = 0; i < seeds.length; i++) {
            float[] one = dev.genlab.core.SeededRandom.derive(seeds[i], 0x5EEDL, layer).gaussians(r * r);
            System.arraycopy(one, 0, v, i * r * r, r * r);
        }
        return v;
    }

    /**
     * {@code frames} points on the straight line between two w's, {@code ends} = (w_a, w_b) flat: the walk in
     * w that the StyleGAN papers measure path length along.
     */
    static float[] wLine(float[] ends, int d, int frames) {
        float[] line = new float[frames * d];
        for (int f = 0; f < frames; f++) {
            double t = frames == 1 ? 0 : (double) f / (frames - 1);
            for (int i = 0; i < d; i++) {
                line[f * d + i] = (float) ((1 - t) * ends[i] + t * ends[d + i]);
            }
        }
        return line;
    }
}
