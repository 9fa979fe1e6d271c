package dev.genlab.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * ComfyUI's /object_info for the nodes genlab runs: their inputs with types, defaults and ranges, and their
 * outputs, in ComfyUI's format, so that clients build and check workflows against it.
 */
final class ComfyNodes {

    private ComfyNodes() {}

    static ObjectNode all(List<String> checkpoints) {
        ObjectNode out = JsonFields.JSON.createObjectNode();
        for (String name : ComfyWorkflow.NODES) {
            out.set(name, node(name, checkpoints));
        }
        return out;
    }

    static ObjectNode node(String name, List<String> checkpoints) {
        ObjectNode n = JsonFields.JSON.createObjectNode();
        ObjectNode required = n.putObject("input").putObject("required");
        ArrayNode inputOrder = n.putObject("input_order").putArray("required");
        String[] outputs;
        String[] outputNames;
        String category;
        switch (name) {
            case "CheckpointLoaderSimple" -> {
                choice(required, "ckpt_name", checkpoints);
                outputs = new String[] {"MODEL", "CLIP", "VAE"};
                outputNames = outputs;
                category = "loaders";
            }
            case "CLIPTextEncode" -> {
                required.putArray("text").add("STRING").addObject().put("multiline", true).put("dynamicPrompts", true);
                type(required, "clip", "CLIP");
                outputs = new String[] {"CONDITIONING"};
                outputNames = outputs;
                category = "conditioning";
            }
            case "EmptyLatentImage" -> {
                integer(required, "width", 512, 16, 8192, 8);
                integer(required, "height", 512, 16, 8192, 8);
                integer(required, "batch_size", 1, 1, JobRequest.MAX_IMAGES, 1);
                outputs = new String[] {"LATENT"};
                outputNames = outputs;
                category = "latent";
            }
            case "KSampler" -> {
                type(required, "model", "MODEL");
                integer(required, "seed", 0, 0, dev.genlab.model.ImageGeneration.MAX_SEED, 1);
                integer(required, "steps", 20, 1, 1000, 1);
                number(required, "cfg", 8.0, 0, 100, 0.1);
                choice(required, "sampler_name", List.copyOf(ComfyWorkflow.SAMPLERS.keySet()));
                choice(required, "scheduler", ComfyWorkflow.SCHEDULERS);
                type(required, "positive", "CONDITIONING");
                type(required, "negative", "CONDITIONING");
                type(required, "latent_image", "LATENT");
                number(required, "denoise", 1.0, 0, 1, 0.01);
                outputs = new String[] {"LATENT"};
                outputNames = outputs;
                category = "sampling";
            }
            case "VAEDecode" -> {
                type(required, "samples", "LATENT");
                type(required, "vae", "VAE");
                outputs = new String[] {"IMAGE"};
                outputNames = outputs;
                category = "latent";
            }
            case "VAEEncode" -> {
                type(required, "pixels", "IMAGE");
                type(required, "vae", "VAE");
                outputs = new String[] {"LATENT"};
                outputNames = outputs;
                category = "latent";
            }
            case "LoadImage" -> {
                required.putArray("image").addArray();
                outputs = new String[] {"IMAGE", "MASK"};
                outputNames = outputs;
                category = "image";
            }
            default -> { // SaveImage, PreviewImage
                type(required, "images", "IMAGE");
                if (name.equals("SaveImage")) {
                    required.putArray("filename_prefix").add("STRING").addObject().put("default", "ComfyUI");
                }
                outputs = new String[0];
                outputNames = outputs;
                category = "image";
            }
        }
        required.fieldNames().forEachRemaining(inputOrder::add);
        ArrayNode o = n.putArray("output");
        ArrayNode isList = n.putArray("output_is_list");
        ArrayNode names = n.putArray("output_name");
        for (int i = 0; i < outputs.length; i++) {
            o.add(outputs[i]);
            isList.add(false);
            names.add(outputNames[i]);
        }
        n.put("name", name);
        n.put("display_name", name);
        n.put("description", "");
        n.put("python_module", "genlab");
        n.put("category", category);
        n.put("output_node", name.equals("SaveImage") || name.equals("PreviewImage"));
        return n;
    }

    private static void type(ObjectNode required, String input, String type) {
        required.putArray(input).add(type);
    }

    private static void choice(ObjectNode required, String input, List<String> values) {
        ArrayNode list = required.putArray(input).addArray();
        values.forEach(list::add);
    }

    private static void integer(ObjectNode required, String input, long dflt, long min, long max, long step) {
        required.putArray(input).add("INT").addObject().put("default", dflt).put("min", min).put("max", max)
                .put("step", step);
    }

    private static void number(ObjectNode required, String input, double dflt, double min, double max, double step) {
        required.putArray(input).add("FLOAT").addObject().put("default", dflt).put("min", min).put("max", max)
                .put("step", step);
    }
}
