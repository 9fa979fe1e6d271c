package dev.genlab.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genlab.modelstore.ModelDirectory;
import dev.genlab.runs.BenchRunEntry;
import dev.genlab.runs.HistoryQuery;
import dev.genlab.runs.ImageEntry;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * genlab's own JSON API (/genlab/v1/…), for what the A1111 API cannot say: every model with its card and
 * classes, jobs that run without holding a connection open (submit, watch, cancel), the images and bench runs
 * of the run database, and their files.
 */
final class GenlabApi {

    private final ServerState state;

    GenlabApi(ServerState state) {
        this.state = state;
    }

    void routes(JavalinConfig config) {
        config.routes.get("/genlab/v1/models", this::models);
        config.routes.get("/genlab/v1/models/{name}", this::model);
        config.routes.post("/genlab/v1/models/{name}/eval", this::evaluate);
        config.routes.post("/genlab/v1/jobs", this::submit);
        config.routes.get("/genlab/v1/jobs", this::jobs);
        config.routes.get("/genlab/v1/jobs/{id}", ctx -> ctx.json(job(find(ctx))));
        config.routes.delete("/genlab/v1/jobs/{id}", ctx -> {
            Job j = find(ctx);
            state.queue.cancel(j.id());
            ctx.json(job(j));
        });
        config.routes.get("/genlab/v1/images", this::images);
        config.routes.get("/genlab/v1/images/{id}/png", this::imageFile);
        config.routes.get("/genlab/v1/bench", this::benchRuns);
        config.routes.get("/genlab/v1/bench/{id}", this::benchResults);
        config.routes.get("/genlab/v1/bench/{id}/report", this::benchReport);
    }

    private void models(Context ctx) {
        ArrayNode out = JsonFields.JSON.createArrayNode();
        for (String name : state.names()) {
            out.add(model(state.installed(name), false));
        }
        ctx.json(out);
    }

    private void model(Context ctx) {
        ctx.json(model(state.installed(ctx.pathParam("name")), true));
    }

    private ObjectNode model(ModelDirectory dir, boolean withCard) {
        ObjectNode m = JsonFields.JSON.createObjectNode();
        var manifest = dir.manifest();
        m.put("name", dir.name());
        m.put("family", manifest.family());
        m.put("description", manifest.description());
        if (manifest.image() != null) {
            m.put("width", manifest.image().width());
            m.put("height", manifest.image().height());
            m.put("channels", manifest.image().channels());
        }
        ArrayNode classes = m.putArray("classes");
        manifest.classList().forEach(classes::add);
        m.put("default", dir.name().equals(state.model()));
        var family = state.registry.family(dir);
        m.put("takes_prompt", family.generateOptions().stream()
                .anyMatch(o -> o.key().equals(dev.genlab.model.GenerationRecord.NEGATIVE_PROMPT)));
        ArrayNode options = m.putArray("options");
        family.generateOptions().forEach(o -> options.add(o.key()));
        var sampler = family.defaultSampler(dir);
        if (sampler != null) {
            ObjectNode d = m.putObject("default_sampler");
            d.put("sampler", sampler.sampler());
            d.put("steps", sampler.steps());
            d.put("cfg", sampler.cfg());
            d.put("karras", sampler.karras());
        } else {
            m.putNull("default_sampler");
        }
        if (withCard) {
            ObjectNode metrics = m.putObject("metrics"); // the figures its training and eval recorded
            if (manifest.metrics() != null) {
                manifest.metrics().forEach(metrics::put);
            }
            String sha = state.sha256(dir);
            m.put("sha256", sha);
            m.put("title", A1111Api.title(dir.name(), sha));
            Path card = dir.path().resolve(ModelDirectory.CARD);
            try {
                m.put("card", Files.isRegularFile(card) ? Files.readString(card) : null);
            } catch (IOException e) {
                m.putNull("card");
            }
        }
        return m;
    }

    private void submit(Context ctx) {
        JsonFields f = JsonFields.parse(ctx.bodyAsBytes());
        String model = f.string("model") != null ? f.string("model") : state.model();
        state.installed(model);
        String init = f.string("init_image");
        String mask = f.string("mask");
        java.util.Map<String, String> params = new java.util.LinkedHashMap<>();
        JsonFields p = f.object("params");
        if (p != null) {
            p.node().fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().isTextual()
                    ? e.getValue().asText() : e.getValue().toString()));
        }
        Long seed = f.integer("seed");
        if (seed != null && (seed < 0 || seed > dev.genlab.model.ImageGeneration.MAX_SEED)) {
            throw ApiError.unprocessable("seed must be between 0 and " + dev.genlab.model.ImageGeneration.MAX_SEED);
        }
        int n = orDefault(f.integer("n", 1, JobRequest.MAX_IMAGES), 1);
        JobRequest r = new JobRequest(model, f.string("prompt"), f.string("negative_prompt"), seed, n,
                orDefault(f.integer("batch", 1, JobRequest.MAX_IMAGES), 1), f.string("class"), f.string("sampler"),
                f.integer("steps", 1, 1000), f.number("cfg", 0, 100), f.bool("karras"), f.integer("width", 8, 8192),
                f.integer("height", 8, 8192), f.number("strength", 0, 1),
                init == null ? null : JsonFields.base64Image(init, "init_image"),
                mask == null ? null : JsonFields.base64Image(mask, "mask"), params, null);
        Job job = state.queue.submit(r);
        ctx.status(202).json(job(job));
    }

    /** Queues an evaluation of a model: its samples scored against the classifier's reference (`genlab eval`). */
    private void evaluate(Context ctx) {
        String model = ctx.pathParam("name");
        state.installed(model);
        JsonFields f = JsonFields.parse(ctx.bodyAsBytes());
        Long seed = f.integer("seed");
        if (seed != null && (seed < 0 || seed > dev.genlab.model.ImageGeneration.MAX_SEED)) {
            throw ApiError.unprocessable("seed must be between 0 and " + dev.genlab.model.ImageGeneration.MAX_SEED);
        }
        int n = orDefault(f.integer("n", 10, JobRequest.MAX_EVAL_SAMPLES), 200);
        JobRequest r = new JobRequest(model, f.string("prompt"), f.string("negative_prompt"), seed == null ? 0L : seed,
                n, Math.min(n, 100), f.string("class"), f.string("sampler"), f.integer("steps", 1, 1000),
                f.number("cfg", 0, 100), f.bool("karras"), null, null, null, null, null, null, null, true);
        ctx.status(202).json(job(state.queue.submit(r)));
    }

    private static int orDefault(Integer v, int d) {
        return v != null ? v : d;
    }

    private void jobs(Context ctx) {
        ArrayNode out = JsonFields.JSON.createArrayNode();
        for (Job j : state.queue.all()) {
            out.add(job(j));
        }
        ctx.json(out);
    }

    private Job find(Context ctx) {
        return state.queue.find(ctx.pathParam("id")).orElseThrow(() -> ApiError.notFound("no job "
                + dev.genlab.core.Printable.of(ctx.pathParam("id"), 20) + " (finished jobs are kept for a while)"));
    }

    /** A job as JSON: state, progress, where its images are. */
    ObjectNode job(Job j) {
        ObjectNode o = JsonFields.JSON.createObjectNode();
        o.put("id", j.id());
        o.put("state", j.state().name().toLowerCase(java.util.Locale.ROOT));
        o.put("model", j.modelName() != null ? j.modelName() : j.request().model() != null ? j.request().model()
                : state.model());
        o.put("progress", j.progress());
        o.put("eta_seconds", j.etaSeconds());
        o.put("steps_done", j.stepsDone());
        o.put("steps_total", j.stepsTotal());
        o.put("submitted", j.submitted().toString());
        o.put("started", j.started() == null ? null : j.started().toString());
        o.put("ended", j.ended() == null ? null : j.ended().toString());
        if (j.state() == Job.State.QUEUED) {
            o.put("position", state.queue.queued().indexOf(j) + 1);
        }
        o.put("error", j.error());
        o.put("stopped", j.stopReason());
        ArrayNode images = o.putArray("images");
        for (Job.Image image : j.images()) {
            ObjectNode i = images.addObject();
            i.put("id", image.id());
            i.put("seed", image.record().seed());
            i.put("width", image.record().width());
            i.put("height", image.record().height());
            i.put("file", image.file().toString());
            if (image.id() > 0) {
                i.put("url", "/genlab/v1/images/" + image.id() + "/png");
            }
            String hash = image.record().weightsSha256() == null ? "" : image.record().weightsSha256().substring(0, 10);
            i.put("parameters", image.record().toA1111(hash).format());
        }
        ArrayNode notes = o.putArray("notes");
        j.notes().forEach(notes::add);
        if (j.result() != null) {
            o.set("result", j.result());
        }
        return o;
    }

    private HistoryQuery query(Context ctx) {
        String limit = ctx.queryParam("limit");
        int n;
        try {
            n = limit == null ? 100 : Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("limit must be a number");
        }
        try {
            return new HistoryQuery(ctx.queryParam("model"), HistoryQuery.parseSince(ctx.queryParam("since"),
                    Instant.now()), n);
        } catch (dev.genlab.core.UsageException e) {
            throw ApiError.badRequest(e.getMessage().replace("--", ""));
        }
    }

    private void images(Context ctx) {
        requireDb();
        ArrayNode out = JsonFields.JSON.createArrayNode();
        for (ImageEntry e : state.db.images(query(ctx))) {
            ObjectNode o = JsonFields.JSON.valueToTree(e);
            o.remove("record");
            if (FileRoutes.servable(state.settings.outputs(), e.path())) {
                o.put("url", "/genlab/v1/images/" + e.id() + "/png");
            }
            out.add(o);
        }
        ctx.json(out);
    }

    private void imageFile(Context ctx) {
        requireDb();
        long id = id(ctx);
        ImageEntry e = state.db.image(id).orElseThrow(() -> ApiError.notFound("no image " + id));
        Path file = FileRoutes.inside(state.settings.outputs(), Path.of(e.path()));
        ctx.header("Cache-Control", "private, max-age=3600");
        FileRoutes.send(ctx, file, "image/png", "image " + id);
    }

    private void benchRuns(Context ctx) {
        requireDb();
        List<BenchRunEntry> runs = state.db.benchRuns(query(ctx));
        ArrayNode out = JsonFields.JSON.createArrayNode();
        for (BenchRunEntry r : runs) {
            ObjectNode o = JsonFields.JSON.valueToTree(r);
            if (r.dir() != null && FileRoutes.servable(state.settings.runs(), r.dir() + "/report.html")) {
                o.put("report_url", "/genlab/v1/bench/" + r.id() + "/report");
            }
            out.add(o);
        }
        ctx.json(out);
    }

    private void benchResults(Context ctx) {
        requireDb();
        long id = id(ctx);
        String json = state.db.benchResults(id).orElseThrow(() -> ApiError.notFound("no bench run " + id));
        ctx.contentType("application/json").result(json);
    }

    private void benchReport(Context ctx) {
        requireDb();
        long id = id(ctx);
        BenchRunEntry run = state.db.benchRun(id).orElseThrow(() -> ApiError.notFound("no bench run " + id));
        if (run.dir() == null) {
            throw ApiError.notFound("bench run " + id + " has no report folder (imported from the old history)");
        }
        Path report = FileRoutes.inside(state.settings.runs(), Path.of(run.dir(), "report.html"));
        // the report is a page of its own making: inline styles and charts, no scripts from elsewhere
        ctx.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                + "script-src 'unsafe-inline'; frame-ancestors 'self'");
        FileRoutes.send(ctx, report, "text/html; charset=utf-8", "the report of bench run " + id);
    }

    private void requireDb() {
        if (state.db == null) {
            throw new ApiError(503, "the server runs without a run database (--db off)");
        }
    }

    private static long id(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw ApiError.notFound("no such id");
        }
    }
}
