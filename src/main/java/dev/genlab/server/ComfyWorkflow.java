package dev.genlab.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * A ComfyUI workflow in its API format ({node id: {class_type, inputs}}, a link being [node id, output index]),
 * read as the job it describes. The graphs of basic text to image and image to image are understood: from the
 * SaveImage (or PreviewImage) node back through VAEDecode to KSampler, whose model comes from
 * CheckpointLoaderSimple, its conditioning from two CLIPTextEncode nodes, its latent from EmptyLatentImage or
 * from VAEEncode of a LoadImage. Anything else is a validation error naming the node, as ComfyUI reports it.
 *
 * @param nodes    the ids of the nodes in the order they run (for ComfyUI's executing messages)
 * @param output   the id of the node whose images are the result
 * @param sampler  the id of the KSampler node (progress is reported against it)
 */
record ComfyWorkflow(JobRequest request, List<String> nodes, String output, String sampler) {

    /** The nodes this server runs, with what ComfyUI says they make. */
    static final List<String> NODES = List.of("CheckpointLoaderSimple", "CLIPTextEncode", "EmptyLatentImage",
            "KSampler", "VAEDecode", "VAEEncode", "LoadImage", "SaveImage", "PreviewImage");

    /** ComfyUI's sampler names → genlab's. */
    static final Map<String, String> SAMPLERS = new LinkedHashMap<>();
    static {
        SAMPLERS.put("euler", "euler");
        SAMPLERS.put("euler_ancestral", "euler-a");
        SAMPLERS.put("heun", "heun");
        SAMPLERS.put("dpmpp_2m", "dpmpp-2m");
        SAMPLERS.put("dpmpp_2m_sde", "dpmpp-2m-sde");
        SAMPLERS.put("ddim", "ddim");
        SAMPLERS.put("ddpm", "ddpm");
        SAMPLERS.put("pndm", "pndm");
    }

    static final List<String> SCHEDULERS = List.of("normal", "karras");

    /** A workflow this server cannot run: ComfyUI's node_errors entry for one node. */
    static final class Invalid extends RuntimeException {
        final String node;
        final String classType;

        Invalid(String node, String classType, String message) {
            super(message, null, false, false);
            this.node = node;
            this.classType = classType;
        }
    }

    /**
     * Reads a workflow.
     *
     * @param uploads   reads an uploaded input image by name (LoadImage), a 404-free error if missing
     * @param modelName turns a ckpt_name into an installed model's name, or throws
     */
    static ComfyWorkflow read(JsonNode prompt, Function<String, byte[]> uploads, Function<String, String> modelName) {
        if (prompt == null || !prompt.isObject() || prompt.isEmpty()) {
            throw new Invalid(null, null, "the prompt must be a workflow in API format: {node id: {class_type, inputs}}");
        }
        Map<String, ObjectNode> graph = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = prompt.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().isObject() || !e.getValue().path("class_type").isTextual()) {
                throw new Invalid(e.getKey(), null, "node " + e.getKey() + " has no class_type");
            }
            String type = e.getValue().get("class_type").asText();
            if (!NODES.contains(type)) {
                throw new Invalid(e.getKey(), type, "node type " + type + " is not one genlab runs; it runs "
                        + String.join(", ", NODES));
            }
            graph.put(e.getKey(), (ObjectNode) e.getValue());
        }
        List<String> outputs = graph.entrySet().stream().filter(e -> isOutput(e.getValue())).map(Map.Entry::getKey)
                .toList();
        if (outputs.isEmpty()) {
            throw new Invalid(null, null, "the workflow has no output node (SaveImage or PreviewImage)");
        }
        if (outputs.size() > 1) {
            throw new Invalid(outputs.get(1), type(graph, outputs.get(1)), "the workflow has " + outputs.size()
                    + " output nodes; genlab runs workflows with one");
        }
        Reader r = new Reader(graph);
        String save = outputs.get(0);
        String decode = r.link(save, "images", "VAEDecode");
        String ksampler = r.link(decode, "samples", "KSampler");
        String loader = r.link(ksampler, "model", "CheckpointLoaderSimple");
        String positive = r.link(ksampler, "positive", "CLIPTextEncode");
        String negative = r.link(ksampler, "negative", "CLIPTextEncode");
        String latent = r.link(ksampler, "latent_image", "EmptyLatentImage", "VAEEncode");
        String model = modelName.apply(r.string(loader, "ckpt_name"));
        List<String> notes = new ArrayList<>();
        String samplerName = r.string(ksampler, "sampler_name");
        String sampler = SAMPLERS.get(samplerName);
        if (sampler == null) {
            throw new Invalid(ksampler, "KSampler", "sampler_name " + samplerName + " is not one genlab has: "
                    + String.join(", ", SAMPLERS.keySet()));
        }
        String scheduler = r.string(ksampler, "scheduler").toLowerCase(Locale.ROOT);
        if (!SCHEDULERS.contains(scheduler)) {
            notes.add("scheduler " + scheduler + " ran as normal (genlab has normal and karras)");
        }
        long seed = r.integer(ksampler, "seed", 0, dev.genlab.model.ImageGeneration.MAX_SEED);
        int steps = (int) r.integer(ksampler, "steps", 1, 1000);
        double cfg = r.number(ksampler, "cfg", 0, 100);
        double denoise = r.graph.get(ksampler).path("inputs").has("denoise") ? r.number(ksampler, "denoise", 0, 1) : 1;
        Integer width = null;
        Integer height = null;
        int batch = 1;
        byte[] init = null;
        Double strength = null;
        if (type(graph, latent).equals("EmptyLatentImage")) {
            width = (int) r.integer(latent, "width", 16, 8192);
            height = (int) r.integer(latent, "height", 16, 8192);
            batch = (int) r.integer(latent, "batch_size", 1, JobRequest.MAX_IMAGES);
            if (denoise < 1) {
                notes.add("denoise " + denoise + " ignored: it applies to an image to start from");
            }
        } else {
            String load = r.link(latent, "pixels", "LoadImage");
            r.link(latent, "vae", "CheckpointLoaderSimple");
            init = uploads.apply(r.string(load, "image"));
            strength = denoise;
        }
        String text = r.string(positive, "text");
        String negativeText = r.string(negative, "text");
        JobRequest request = new JobRequest(model, text, negativeText, seed, batch, batch, null, sampler, steps, cfg,
                scheduler.equals("karras"), width, height, strength, init, null, null, notes);
        List<String> order = new ArrayList<>(List.of(loader, positive, negative));
        if (init != null) {
            order.add(r.link(latent, "pixels", "LoadImage"));
        }
        order.addAll(List.of(latent, ksampler, decode, save));
        return new ComfyWorkflow(request, order, save, ksampler);
    }

    private static boolean isOutput(ObjectNode node) {
        String t = node.get("class_type").asText();
        return t.equals("SaveImage") || t.equals("PreviewImage");
    }

    private static String type(Map<String, ObjectNode> graph, String id) {
        return graph.get(id).get("class_type").asText();
    }

    /** Typed access to the nodes' inputs, each failure naming the node and input. */
    private record Reader(Map<String, ObjectNode> graph) {

        JsonNode input(String node, String name) {
            JsonNode v = graph.get(node).path("inputs").get(name);
            if (v == null || v.isNull()) {
                throw new Invalid(node, type(graph, node), "required input " + name + " is missing");
            }
            return v;
        }

        /** The node a link input points at, which must be of one of these types. */
        String link(String node, String name, String... types) {
            JsonNode v = input(node, name);
            if (!v.isArray() || v.size() != 2 || !(v.get(0).isTextual() || v.get(0).isNumber())) {
                throw new Invalid(node, type(graph, node), "input " + name + " must be a link [node id, output]");
            }
            String target = v.get(0).asText();
            if (!graph.containsKey(target)) {
                throw new Invalid(node, type(graph, node), "input " + name + " links to node " + target
                        + ", which is not in the workflow");
            }
            String t = type(graph, target);
            if (!List.of(types).contains(t)) {
                throw new Invalid(node, type(graph, node), "input " + name + " comes from a " + t + "; genlab runs "
                        + "it from " + String.join(" or ", types));
            }
            return target;
        }

        String string(String node, String name) {
            JsonNode v = input(node, name);
            if (!v.isTextual()) {
                throw new Invalid(node, type(graph, node), "input " + name + " must be a string");
            }
            return v.asText();
        }

        long integer(String node, String name, long min, long max) {
            JsonNode v = input(node, name);
            if (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
                throw new Invalid(node, type(graph, node), "input " + name + " must be an integer from " + min + " to "
                        + max + ", got " + v);
            }
            return v.asLong();
        }

        double number(String node, String name, double min, double max) {
            JsonNode v = input(node, name);
            if (!v.isNumber() || !(v.asDouble() >= min && v.asDouble() <= max)) {
                throw new Invalid(node, type(graph, node), "input " + name + " must be a number from " + min + " to "
                        + max + ", got " + v);
            }
            return v.asDouble();
        }
    }
}
