package dev.genlab.model.procedural;

import dev.genlab.core.UsageException;
import dev.genlab.data.Image;
import dev.genlab.model.GenerationRequest;
import dev.genlab.model.Generator;
import dev.genlab.model.Sample;
import dev.genlab.modelstore.ModelDirectory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A procedural generator as a model: no weights, no training data; its config.json names the algorithm's
 * default image size and may override option defaults ({@code network}), and every option can be set
 * per run ({@code --size WxH}, {@code --param name=value}).
 */
public final class ProceduralModel implements Generator {

    /** Largest side, and largest number of pixels, an image may have. */
    public static final int MAX_SIDE = 16_384;
    public static final long MAX_PIXELS = 64L << 20;

    private final ModelDirectory dir;
    private final Renderer renderer;

    ProceduralModel(ModelDirectory dir, Renderer renderer) {
        this.dir = dir;
        this.renderer = renderer;
    }

    @Override
    public ModelDirectory model() {
        return dir;
    }

    @Override
    public List<String> classNames() {
        return List.of();
    }

    public List<Option> options() {
        return renderer.options();
    }

    @Override
    public List<String> describeSettings() {
        List<String> lines = new ArrayList<>();
        lines.add("parameters (-P name=value; --size WxH):");
        options().forEach(o -> lines.add("  " + o.describe()));
        return lines;
    }

    @Override
    public String qualityNotApplicable() {
        return "procedural: models no dataset, so FD, KID, precision and recall against Fashion-MNIST do not apply";
    }

    @Override
    public boolean batchingHelps() {
        return false; // one image after another in plain Java
    }

    /** "size" first, then every option in its declared order, each given value checked, the rest defaults. */
    @Override
    public Map<String, String> resolveOptions(Map<String, String> given) {
        Map<String, Option> byName = new LinkedHashMap<>();
        renderer.options().forEach(o -> byName.put(o.name(), o));
        for (String k : given.keySet()) {
            if (!k.equals("size") && !byName.containsKey(k)) {
                throw new UsageException("model " + dir.name() + " has no parameter '" + k + "'; its parameters: "
                        + String.join(", ", byName.keySet()) + " (and --size WxH)");
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        int[] size = parseSize(given.getOrDefault("size", dir.manifest().image().width() + "x"
                + dir.manifest().image().height()));
        out.put("size", size[0] + "x" + size[1]);
        var network = dir.manifest().network();
        for (Option o : byName.values()) {
            String v = given.get(o.name());
            if (v == null && network != null && network.hasNonNull(o.name())) {
                v = network.get(o.name()).asText();
            }
            out.put(o.name(), o.validate(v != null ? v : o.defaultValue()));
        }
        return out;
    }

    /** "WxH" → {W, H}, or a usage error that names the limits. */
    public static int[] parseSize(String text) {
        int[] size = dev.genlab.model.SizeArg.parse(text);
        int w = size[0];
        int h = size[1];
        if (w < 1 || h < 1 || w > MAX_SIDE || h > MAX_SIDE || (long) w * h > MAX_PIXELS) {
            throw new UsageException("--size " + text + " is out of range: each side 1.." + MAX_SIDE + " and at most "
                    + (MAX_PIXELS >> 20) + " Mpixels");
        }
        // colour floats, the field of values and the PNG bytes: about 40 bytes a pixel at the peak
        long need = (long) w * h * 40;
        long max = Runtime.getRuntime().maxMemory();
        if (need > max * 0.8) {
            throw new UsageException(String.format(java.util.Locale.ROOT, "--size %dx%d needs about %d MB of memory, "
                    + "more than the %d MB Java may use here; choose a smaller size or raise the limit "
                    + "(GENLAB_JAVA_OPTS=-Xmx16g)", w, h, need >> 20, max >> 20));
        }
        return new int[] {w, h};
    }

    @Override
    public List<Sample> generate(GenerationRequest request) {
        Map<String, String> resolved = resolveOptions(request.options());
        int[] size = parseSize(resolved.get("size"));
        Settings s = new Settings(size[0], size[1], resolved);
        List<Sample> out = new ArrayList<>();
        for (long seed : request.seeds()) {
            Image image = renderer.render(s, seed);
            out.add(new Sample(seed, image, null));
        }
        return out;
    }

    @Override
    public void close() {}
}
