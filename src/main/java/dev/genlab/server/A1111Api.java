package dev.genlab.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genlab.model.A1111Names;
import dev.genlab.model.GenerationRecord;
import dev.genlab.modelstore.ModelDirectory;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * AUTOMATIC1111's web UI API (/sdapi/v1/…), with its field names and types, so that its clients (Open WebUI,
 * sdwebuiapi, editors' plug-ins) drive genlab unchanged. txt2img and img2img answer when their job ends, as
 * A1111 does; what a model cannot honour is said in {@code info}'s "comments", not refused.
 */
final class A1111Api {

    /** A1111's defaults where genlab's model has none to offer (the number of images). */
    private static final int DEFAULT_BATCH = 1;

    private final ServerState state;

    A1111Api(ServerState state) {
        this.state = state;
    }

    void routes(JavalinConfig config) {
        config.routes.post("/sdapi/v1/txt2img", ctx -> generate(ctx, false));
        config.routes.post("/sdapi/v1/img2img", ctx -> generate(ctx, true));
        config.routes.get("/sdapi/v1/sd-models", this::models);
        config.routes.get("/sdapi/v1/samplers", this::samplers);
        config.routes.get("/sdapi/v1/schedulers", this::schedulers);
        config.routes.get("/sdapi/v1/options", this::options);
        config.routes.post("/sdapi/v1/options", this::setOptions);
        config.routes.get("/sdapi/v1/progress", this::progress);
        config.routes.post("/sdapi/v1/interrupt", this::interrupt);
        config.routes.post("/sdapi/v1/skip", this::interrupt); // one image a job: skipping it is stopping it
        config.routes.get("/sdapi/v1/sd-vae", ctx -> ctx.json(JsonFields.JSON.createArrayNode()));
        config.routes.get("/sdapi/v1/loras", ctx -> ctx.json(JsonFields.JSON.createArrayNode()));
        config.routes.get("/sdapi/v1/upscalers", ctx -> ctx.json(JsonFields.JSON.createArrayNode()));
        config.routes.post("/sdapi/v1/refresh-checkpoints", ctx -> {
            state.rescan();
            ctx.json(JsonFields.JSON.nullNode());
        });
    }

    private void interrupt(Context ctx) {
        state.queue.interruptCurrent();
        ctx.json(JsonFields.JSON.createObjectNode());
    }

    private void generate(Context ctx, boolean img2img) {
        JsonFields f = JsonFields.parse(ctx.bodyAsBytes());
        JobRequest request = request(f, img2img);
        Job job = state.queue.submit(request);
        ctx.future(() -> job.finished().thenAccept(done -> answer(ctx, done, f)));
    }

    /** A1111's request in genlab's terms; its fields that genlab has no counterpart for become comments. */
    JobRequest request(JsonFields f, boolean img2img) {
        List<String> notes = new ArrayList<>();
        String model = null;
        JsonFields overrides = f.object("override_settings");
        if (overrides != null && overrides.has("sd_model_checkpoint")) {
            model = modelName(overrides.string("sd_model_checkpoint"));
        }
        if (model == null) {
            model = state.model(); // the model chosen now, even if another is chosen before the job runs
        }
        state.installed(model);
        String sampler = null;
        Boolean karras = null;
        String samplerText = f.string("sampler_name") != null ? f.string("sampler_name") : f.string("sampler_index");
        if (samplerText != null && !samplerText.isBlank()) {
            A1111Names.SamplerChoice c = A1111Names.sampler(samplerText);
            if (c == null) {
                throw ApiError.unprocessable("sampler_name '" + dev.genlab.core.Printable.of(samplerText, 40)
                        + "' is not one genlab has; GET /sdapi/v1/samplers lists them");
            }
            sampler = c.sampler();
            karras = c.karras() ? Boolean.TRUE : null;
        }
        String scheduler = f.string("scheduler");
        if (scheduler != null) {
            switch (scheduler.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "karras" -> karras = true;
                case "automatic", "" -> { }
                default -> notes.add("scheduler " + dev.genlab.core.Printable.of(scheduler, 40) + " ignored (genlab "
                        + "has automatic and karras)");
            }
        }
        Long seed = f.integer("seed");
        if (seed != null && seed < 0) {
            seed = null; // A1111: -1 draws a random seed
        }
        if (seed != null && seed > dev.genlab.model.ImageGeneration.MAX_SEED) {
            throw ApiError.unprocessable("seed must be at most " + dev.genlab.model.ImageGeneration.MAX_SEED);
        }
        int batch = orDefault(f.integer("batch_size", 1, JobRequest.MAX_IMAGES), DEFAULT_BATCH);
        int iterations = orDefault(f.integer("n_iter", 1, JobRequest.MAX_IMAGES), 1);
        byte[] init = null;
        byte[] mask = null;
        Double strength = null;
        if (img2img) {
            List<String> images = f.strings("init_images");
            if (images == null || images.isEmpty()) {
                throw ApiError.unprocessable("init_images must hold one base64 image");
            }
            if (images.size() > 1) {
                notes.add("only the first of " + images.size() + " init_images used");
            }
            init = JsonFields.base64Image(images.get(0), "init_images[0]");
            strength = f.number("denoising_strength", 0, 1);
            if (f.string("mask") != null) {
                mask = JsonFields.base64Image(f.string("mask"), "mask");
                if (Boolean.TRUE.equals(truthy(f, "inpainting_mask_invert"))) {
                    notes.add("inpainting_mask_invert ignored (genlab repaints where the mask is white)");
                }
            }
        } else if (f.has("denoising_strength") && Boolean.TRUE.equals(f.bool("enable_hr"))) {
            notes.add("hires fix (enable_hr) ignored");
        }
        for (String unsupported : List.of("restore_faces", "tiling", "enable_hr")) {
            if (Boolean.TRUE.equals(truthy(f, unsupported))) {
                notes.add(unsupported + " ignored (genlab has no such pass)");
            }
        }
        Double subseedStrength = f.number("subseed_strength", 0, 1);
        if (subseedStrength != null && subseedStrength > 0) {
            notes.add("variation seeds (subseed_strength) ignored");
        }
        List<String> styles = f.strings("styles");
        if (styles != null && !styles.isEmpty()) {
            notes.add("styles ignored (genlab has no saved styles)");
        }
        if (f.string("script_name") != null && !f.string("script_name").isBlank()) {
            notes.add("script " + dev.genlab.core.Printable.of(f.string("script_name"), 40) + " ignored");
        }
        return new JobRequest(model, f.string("prompt"), f.string("negative_prompt"), seed, batch * iterations, batch,
                null, sampler, f.integer("steps", 1, 1000), f.number("cfg_scale", 0, 100), karras,
                f.integer("width", 8, 8192), f.integer("height", 8, 8192), strength, init, mask, null, notes);
    }

    /** restore_faces and friends arrive as booleans, sometimes as null or 0/1 from older clients. */
    private static Boolean truthy(JsonFields f, String field) {
        var v = f.node().get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        return v.isBoolean() ? v.asBoolean() : v.isNumber() ? v.asDouble() != 0 : null;
    }

    private static int orDefault(Integer v, int d) {
        return v != null ? v : d;
    }

    private void answer(Context ctx, Job job, JsonFields request) {
        if (job.state() == Job.State.FAILED) {
            ctx.status(job.failureStatus() == 0 ? 500 : job.failureStatus());
            ObjectNode err = JsonFields.JSON.createObjectNode();
            err.put("error", job.failureStatus() == 422 ? "InvalidRequest" : job.failureStatus() == 504 ? "Timeout"
                    : "GenerationError");
            err.put("detail", job.error());
            err.put("errors", job.error());
            ctx.json(err);
            return;
        }
        ObjectNode out = JsonFields.JSON.createObjectNode();
        ArrayNode images = out.putArray("images");
        for (Job.Image image : job.images()) {
            images.add(Base64.getEncoder().encodeToString(image.png()));
        }
        out.set("parameters", request.node());
        out.put("info", info(job).toString());
        ctx.json(out);
    }

    /** A1111's "info": a JSON string describing what was made, with genlab's comments on what was ignored. */
    static ObjectNode info(Job job) {
        ObjectNode info = JsonFields.JSON.createObjectNode();
        List<Job.Image> images = job.images();
        GenerationRecord first = images.isEmpty() ? null : images.get(0).record();
        JobRequest r = job.request();
        info.put("prompt", r.prompt() == null ? "" : r.prompt());
        ArrayNode allPrompts = info.putArray("all_prompts");
        ArrayNode allSeeds = info.putArray("all_seeds");
        ArrayNode infotexts = info.putArray("infotexts");
        for (Job.Image image : images) {
            allPrompts.add(r.prompt() == null ? "" : r.prompt());
            allSeeds.add(image.record().seed());
            String hash = image.record().weightsSha256() == null ? "" : image.record().weightsSha256().substring(0, 10);
            infotexts.add(image.record().toA1111(hash).format());
        }
        info.put("negative_prompt", r.negativePrompt() == null ? "" : r.negativePrompt());
        info.put("seed", first != null ? first.seed() : job.firstSeed());
        info.put("subseed", -1);
        info.put("subseed_strength", 0);
        info.put("width", first != null ? first.width() : 0);
        info.put("height", first != null ? first.height() : 0);
        if (first != null && first.sampler() != null) {
            info.put("sampler_name", A1111Names.sampler(first.sampler()));
            info.put("cfg_scale", first.sampler().cfg());
            info.put("steps", first.sampler().steps());
        } else {
            info.putNull("sampler_name");
        }
        info.put("batch_size", r.batch());
        info.put("n_iter", r.n() / r.batch());
        info.put("restore_faces", false);
        info.put("sd_model_name", job.modelName());
        info.put("sd_model_hash", first == null || first.weightsSha256() == null ? null
                : first.weightsSha256().substring(0, 10));
        if (r.strength() != null) {
            info.put("denoising_strength", r.strength());
        }
        info.put("index_of_first_image", 0);
        info.put("job_timestamp", job.submitted().toString());
        info.put("version", "genlab " + dev.genlab.core.Version.version());
        info.put("state", job.state().name().toLowerCase(java.util.Locale.ROOT));
        if (job.stopReason() != null) {
            info.put("stopped", job.stopReason());
        }
        ArrayNode comments = info.putArray("comments");
        job.notes().forEach(comments::add);
        return info;
    }

    /** A model named by its title ("name [hash]"), its name, or a checkpoint file name A1111-style. */
    String modelName(String title) {
        if (title == null || title.isBlank()) {
            throw ApiError.unprocessable("sd_model_checkpoint must name a model; GET /sdapi/v1/sd-models lists them");
        }
        return state.models.checkpoint(title);
    }

    private void models(Context ctx) {
        ArrayNode out = JsonFields.JSON.createArrayNode();
        for (String name : state.names()) {
            ModelDirectory dir = state.installed(name);
            String sha = state.sha256(dir);
            ObjectNode m = out.addObject();
            m.put("title", title(name, sha));
            m.put("model_name", name);
            m.put("hash", sha.substring(0, 10));
            m.put("sha256", sha);
            m.put("filename", dir.path().toAbsolutePath().toString());
            m.putNull("config");
        }
        ctx.json(out);
    }

    static String title(String name, String sha) {
        return name + " [" + sha.substring(0, 10) + "]";
    }

    private void samplers(Context ctx) {
        ArrayNode out = JsonFields.JSON.createArrayNode();
        A1111Names.samplerNames().forEach((genlab, a1111) -> {
            ObjectNode s = out.addObject();
            s.put("name", a1111);
            s.putArray("aliases").add(genlab);
            s.putObject("options");
        });
        ctx.json(out);
    }

    private void schedulers(Context ctx) {
        ArrayNode out = JsonFields.JSON.createArrayNode();
        for (String[] s : new String[][] {{"automatic", "Automatic"}, {"karras", "Karras"}}) {
            ObjectNode o = out.addObject();
            o.put("name", s[0]);
            o.put("label", s[1]);
            o.putNull("aliases");
            o.put("default_rho", s[0].equals("karras") ? 7.0 : -1);
            o.put("need_inner_model", false);
        }
        ctx.json(out);
    }

    private void options(Context ctx) {
        ObjectNode o = JsonFields.JSON.createObjectNode();
        ModelDirectory dir = state.installed(state.model());
        String sha = state.sha256(dir);
        o.put("sd_model_checkpoint", title(dir.name(), sha));
        o.put("sd_checkpoint_hash", sha);
        o.put("samples_format", "png");
        o.put("outdir_samples", state.settings.outputs().toAbsolutePath().toString());
        o.put("save_images", true);
        o.put("CLIP_stop_at_last_layers", 1);
        o.put("sd_vae", "Automatic");
        ctx.json(o);
    }

    private void setOptions(Context ctx) {
        JsonFields f = JsonFields.parse(ctx.bodyAsBytes());
        if (f.has("sd_model_checkpoint")) {
            state.chooseModel(modelName(f.string("sd_model_checkpoint")));
        }
        ctx.json(JsonFields.JSON.nullNode());
    }

    private void progress(Context ctx) {
        Job job = state.queue.current();
        boolean skipImage = "true".equalsIgnoreCase(ctx.queryParam("skip_current_image"));
        ObjectNode o = JsonFields.JSON.createObjectNode();
        o.put("progress", job == null ? 0 : job.progress());
        o.put("eta_relative", job == null ? 0 : job.etaSeconds());
        ObjectNode s = o.putObject("state");
        s.put("skipped", false);
        s.put("interrupted", job != null && job.stopRequested());
        s.put("stopping_generation", job != null && job.stopRequested());
        s.put("job", job == null ? "" : "job " + job.id());
        s.put("job_count", state.queue.waitingCount() + (job == null ? 0 : 1));
        s.put("job_timestamp", job == null ? "0" : job.submitted().toString());
        s.put("job_no", 0);
        s.put("sampling_step", job == null ? 0 : job.stepsDone());
        s.put("sampling_steps", job == null ? 0 : job.stepsTotal());
        List<Job.Image> done = job == null ? List.of() : job.images();
        if (!skipImage && !done.isEmpty()) {
            o.put("current_image", Base64.getEncoder().encodeToString(done.get(done.size() - 1).png()));
        } else {
            o.putNull("current_image");
        }
        o.putNull("textinfo");
        o.putNull("current_task");
        ctx.json(o);
    }
}
