package dev.genlab.model.stylegan2ada;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genlab.checkpoint.StoredTensor;
import dev.genlab.core.GenlabException;
import dev.genlab.model.NetworkFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The shape of a StyleGAN2(-ADA) generator, read from its tensors' names and shapes, with what shapes do not
 * tell (the mapping's learning-rate multiplier, conv_clamp, the architecture when ambiguous) from the
 * constructor's keyword arguments that the pickle recorded, and NVIDIA's defaults where those are absent.
 *
 * @param convClamp     activations of every convolution clamped to ±this (256 in ADA's configs), or null
 * @param lrMultiplier  the mapping layers' learning-rate multiplier (0.01): their weights are stored divided by it
 * @param blocks        one per resolution, 4×4 first
 */
public record Sg2Config(int zDim, int cDim, int wDim, int mappingLayers, double lrMultiplier, int resolution,
        int imgChannels, Architecture architecture, Double convClamp, boolean noise, List<Block> blocks) {

    /** How the blocks produce the image: StyleGAN2's configurations E (skip, the default) and the others. */
    public enum Architecture {
        /** Each block adds its own toRGB to the upsampled image so far. */
        SKIP,
        /** Only the last block has a toRGB. */
        ORIG,
        /** Like orig, with a 1×1 upsampling skip around each block's two convolutions. */
        RESNET
    }

    /** A synthesis block: its resolution and channels ({@code in} 0 for the 4×4 block, which starts from a constant). */
    public record Block(int resolution, int in, int out) {

        int convs() {
            return in == 0 ? 1 : 2;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Whether block {@code i} has a toRGB layer. */
    boolean hasToRgb(int i) {
        return architecture == Architecture.SKIP || i == blocks.size() - 1;
    }

    /** How many w vectors synthesis reads (18 at 1024×1024): each conv's, and the last block's toRGB. */
    public int numWs() {
        return blocks.stream().mapToInt(Block::convs).sum() + 1;
    }

    /** Index of the first w block {@code i} reads; its toRGB reads the one after its convolutions'. */
    int firstW(int i) {
        int w = 0;
        for (int j = 0; j < i; j++) {
            w += blocks.get(j).convs();
        }
        return w;
    }

    static Sg2Config of(Map<String, StoredTensor> t, String initKwargsJson, String source) {
        JsonNode kw = parse(initKwargsJson, source);
        JsonNode mapping = kw.path("mapping_kwargs");
        // StyleGAN2-ADA's Generator takes the synthesis settings as one dict, synthesis_kwargs; StyleGAN3's
        // networks_stylegan2 takes them as keywords of its own (**synthesis_kwargs), recorded beside z_dim
        boolean flattened = !kw.has("synthesis_kwargs") && kw.has("img_resolution");
        JsonNode synthesis = flattened ? kw : kw.path("synthesis_kwargs");
        StoredTensor fc0 = need(t, "mapping.fc0.weight", source);
        int layers = 0;
        while (t.containsKey("mapping.fc" + layers + ".weight")) {
            layers++;
        }
        int wDim = (int) need(t, "mapping.fc" + (layers - 1) + ".weight", source).shape()[0];
        StoredTensor embed = t.get("mapping.embed.weight");
        int cDim = embed == null ? 0 : (int) embed.shape()[1];
        int zDim = (int) fc0.shape()[1] - (embed == null ? 0 : (int) embed.shape()[0]);
        List<Block> blocks = new ArrayList<>();
        int channels = (int) need(t, "synthesis.b4.const", source).shape()[0];
        blocks.add(new Block(4, 0, channels));
        for (int res = 8; t.containsKey("synthesis.b" + res + ".conv1.weight"); res *= 2) {
            int out = (int) t.get("synthesis.b" + res + ".conv1.weight").shape()[0];
            blocks.add(new Block(res, channels, out));
            channels = out;
        }
        int resolution = blocks.get(blocks.size() - 1).resolution();
        StoredTensor lastRgb = need(t, "synthesis.b" + resolution + ".torgb.weight", source);
        boolean resnet = t.containsKey("synthesis.b8.skip.weight");
        boolean skip = t.containsKey("synthesis.b4.torgb.weight");
        Architecture arch = resnet ? Architecture.RESNET : skip || blocks.size() == 1 ? Architecture.SKIP
                : Architecture.ORIG;
        String declared = synthesis.path("architecture").asText("skip").toUpperCase(Locale.ROOT);
        if (synthesis.has("architecture") && !declared.equals(arch.name())) {
            throw new GenlabException("checkpoint " + source + " says its architecture is " + declared.toLowerCase(
                    Locale.ROOT) + " but holds the layers of " + arch.name().toLowerCase(Locale.ROOT) + "; the file is "
                    + "damaged or not a StyleGAN2 generator");
        }
        String activation = mapping.path("activation").asText("lrelu");
        if (!activation.equals("lrelu") || !synthesis.path("activation").asText("lrelu").equals("lrelu")) {
            throw new GenlabException("not supported yet: a StyleGAN2 generator with activation '" + activation
                    + "' (genlab runs lrelu, NVIDIA's only trained setting)");
        }
        // unset, it is the SynthesisBlock's default: none in StyleGAN2-ADA (whose train.py sets 256 explicitly),
        // 256 in StyleGAN3's networks_stylegan2 (whose train.py sets None only for --fp32)
        JsonNode clamp = synthesis.path("conv_clamp");
        Double convClamp = clamp.isNumber() ? Double.valueOf(clamp.asDouble())
                : clamp.isMissingNode() && flattened ? Double.valueOf(256) : null;
        return new Sg2Config(zDim, cDim, wDim, layers, NetworkFields.number(mapping, "lr_multiplier", 0.01), resolution,
                (int) lastRgb.shape()[0], arch, convClamp,
                t.containsKey("synthesis.b4.conv1.noise_const"), List.copyOf(blocks));
    }

    private static JsonNode parse(String json, String source) {
        if (json == null || json.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new GenlabException("checkpoint " + source + ": its recorded network settings are not JSON ("
                    + e.getMessage() + ")");
        }
    }

    private static StoredTensor need(Map<String, StoredTensor> t, String name, String source) {
        StoredTensor s = t.get(name);
        if (s == null) {
            throw new GenlabException("checkpoint " + source + " is not a StyleGAN2 generator genlab can run: it "
                    + "lacks " + name);
        }
        return s;
    }

    /** One line for `genlab models`: "1024x1024, z 512, w 512, 18 ws, skip, conv_clamp 256". */
    public String summary() {
        return String.format(Locale.ROOT, "%dx%d, z %d, w %d%s, %d ws, %s%s", resolution, resolution, zDim, wDim,
                cDim > 0 ? ", " + cDim + " classes" : "", numWs(), architecture.name().toLowerCase(Locale.ROOT),
                convClamp == null ? "" : ", conv_clamp " + (convClamp % 1 == 0 ? Long.toString(convClamp.longValue())
                        : convClamp.toString()));
    }
}
