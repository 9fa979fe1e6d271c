package dev.genlab.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.UploadedFile;
import io.javalin.websocket.WsContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * ComfyUI's API: POST /prompt with an API-format workflow of the core text-to-image and image-to-image nodes,
 * /history, /view, /queue, /object_info, /interrupt, /upload/image, /system_stats, and the /ws WebSocket with
 * ComfyUI's messages (status, execution_start, execution_cached, executing, progress, executed,
 * execution_success, execution_error, execution_interrupted), so that ComfyUI's client libraries work
 * unchanged. Routes answer under / and /api/, as ComfyUI's do.
 */
final class ComfyApi implements JobEvents {

    /** Finished prompts kept for /history. */
    static final int KEEP = 200;

    /** A queued workflow: ComfyUI's prompt_id and number, the submitter's client id, and its job. */
    private record Prompt(String id, int number, JsonNode workflow, String clientId, ComfyWorkflow graph, Job job) {}

    private final ServerState state;
    private final Uploads uploads;
    private final AtomicInteger numbers = new AtomicInteger();
    private final Map<String, Prompt> prompts = new LinkedHashMap<>();
    private final Map<String, Prompt> byJob = new ConcurrentHashMap<>();
    private final Map<WsContext, String> sockets = new ConcurrentHashMap<>();

    ComfyApi(ServerState state, Uploads uploads) {
        this.state = state;
        this.uploads = uploads;
    }

    void routes(JavalinConfig config) {
        for (String prefix : List.of("", "/api")) {
            route(config, HandlerType.POST, prefix + "/prompt", this::submit);
            route(config, HandlerType.GET, prefix + "/prompt", ctx -> ctx.json(queueInfo()));
            route(config, HandlerType.GET, prefix + "/history", this::histories);
            route(config, HandlerType.GET, prefix + "/history/{id}", this::history);
            route(config, HandlerType.POST, prefix + "/history", this::editHistory);
            route(config, HandlerType.GET, prefix + "/queue", this::queue);
            route(config, HandlerType.POST, prefix + "/queue", this::editQueue);
            route(config, HandlerType.POST, prefix + "/interrupt", ctx -> {
                state.queue.interruptCurrent();
                ctx.json(JsonFields.JSON.createObjectNode());
            });
            route(config, HandlerType.GET, prefix + "/object_info", ctx -> ctx.json(ComfyNodes.all(checkpoints())));
            route(config, HandlerType.GET, prefix + "/object_info/{node}", this::objectInfo);
            route(config, HandlerType.GET, prefix + "/view", this::view);
            route(config, HandlerType.POST, prefix + "/upload/image", this::upload);
            route(config, HandlerType.GET, prefix + "/system_stats", this::systemStats);
            route(config, HandlerType.GET, prefix + "/embeddings", ctx -> ctx.json(JsonFields.JSON.createArrayNode()));
            route(config, HandlerType.GET, prefix + "/extensions", ctx -> ctx.json(JsonFields.JSON.createArrayNode()));
            route(config, HandlerType.GET, prefix + "/features", ctx -> ctx.json(JsonFields.JSON.createObjectNode()));
            route(config, HandlerType.GET, prefix + "/models", ctx -> ctx.json(JsonFields.JSON.createArrayNode()
                    .add("checkpoints")));
            route(config, HandlerType.GET, prefix + "/models/checkpoints", ctx -> {
                ArrayNode a = JsonFields.JSON.createArrayNode();
                checkpoints().forEach(a::add);
                ctx.json(a);
            });
        }
        config.routes.ws("/ws", ws -> {
            ws.onConnect(this::connected);
            ws.onClose(ctx -> sockets.remove(ctx));
            ws.onError(ctx -> sockets.remove(ctx));
        });
    }

    private static void route(JavalinConfig config, HandlerType type, String path, Handler handler) {
        config.routes.addHttpHandler(type, path, handler);
    }

    private List<String> checkpoints() {
        return state.names();
    }

    /** A ckpt_name as ComfyUI clients send it (a file name, perhaps with a folder) → an installed model. */
    private String modelName(String ckpt) {
        try {
            return state.models.checkpoint(ckpt);
        } catch (ApiError e) {
            throw new ComfyWorkflow.Invalid(null, "CheckpointLoaderSimple", "ckpt_name " + ckpt + " is not "
                    + "installed; installed: " + String.join(", ", checkpoints()));
        }
    }

    private void submit(Context ctx) {
        JsonFields f = JsonFields.parse(ctx.bodyAsBytes());
        JsonNode workflow = f.node().get("prompt");
        String clientId = f.string("client_id");
        ComfyWorkflow graph;
        try {
            graph = ComfyWorkflow.read(workflow, uploads::read, this::modelName);
        } catch (ComfyWorkflow.Invalid e) {
            ctx.status(400).json(validationError(e));
            return;
        } catch (ApiError e) {
            ObjectNode err = JsonFields.JSON.createObjectNode();
            err.putObject("error").put("type", "invalid_prompt").put("message", e.getMessage())
                    .put("details", e.getMessage()).putObject("extra_info");
            err.putObject("node_errors");
            ctx.status(400).json(err);
            return;
        }
        String id = UUID.randomUUID().toString();
        int number = numbers.getAndIncrement();
        Prompt[] made = new Prompt[1];
        try {
            // known before the worker can start it, so that its first messages reach the client
            state.queue.submit(graph.request(), job -> {
                made[0] = new Prompt(id, number, workflow, clientId, graph, job);
                byJob.put(job.id(), made[0]);
                synchronized (prompts) {
                    prompts.put(id, made[0]);
                    trim();
                }
            });
        } catch (RuntimeException refused) {
            if (made[0] != null) {
                byJob.remove(made[0].job.id());
                synchronized (prompts) {
                    prompts.remove(id);
                }
            }
            throw refused;
        }
        broadcastStatus();
        ObjectNode out = JsonFields.JSON.createObjectNode();
        out.put("prompt_id", id);
        out.put("number", number);
        out.putObject("node_errors");
        ctx.json(out);
    }

    /** ComfyUI's answer to a workflow that fails validation: the error and the node's errors. */
    private static ObjectNode validationError(ComfyWorkflow.Invalid e) {
        ObjectNode err = JsonFields.JSON.createObjectNode();
        ObjectNode error = err.putObject("error");
        error.put("type", "prompt_outputs_failed_validation");
        error.put("message", "Prompt outputs failed validation");
        error.put("details", e.getMessage());
        error.putObject("extra_info");
        ObjectNode nodeErrors = err.putObject("node_errors");
        if (e.node != null) {
            ObjectNode n = nodeErrors.putObject(e.node);
            ObjectNode one = n.putArray("errors").addObject();
            one.put("type", "value_not_valid");
            one.put("message", e.getMessage());
            one.put("details", e.getMessage());
            one.putObject("extra_info");
            n.putArray("dependent_outputs");
            n.put("class_type", e.classType);
        }
        return err;
    }

    private ObjectNode queueInfo() {
        ObjectNode o = JsonFields.JSON.createObjectNode();
        o.putObject("exec_info").put("queue_remaining", state.queue.waitingCount()
                + (state.queue.current() == null ? 0 : 1));
        return o;
    }

    private void queue(Context ctx) {
        ObjectNode out = JsonFields.JSON.createObjectNode();
        ArrayNode running = out.putArray("queue_running");
        ArrayNode pending = out.putArray("queue_pending");
        for (Prompt p : snapshot()) {
            if (p.job.state() == Job.State.RUNNING) {
                running.add(queueEntry(p));
            } else if (p.job.state() == Job.State.QUEUED) {
                pending.add(queueEntry(p));
            }
        }
        ctx.json(out);
    }

    private static ArrayNode queueEntry(Prompt p) {
        ArrayNode e = JsonFields.JSON.createArrayNode();
        e.add(p.number);
        e.add(p.id);
        e.add(p.workflow);
        e.addObject().put("client_id", p.clientId);
        e.addArray().add(p.graph.output());
        return e;
    }

    private void editQueue(Context ctx) {
        JsonFields f = JsonFields.parse(ctx.bodyAsBytes());
        List<String> ids = new ArrayList<>();
        if (Boolean.TRUE.equals(f.bool("clear"))) {
            snapshot().stream().filter(p -> p.job.state() == Job.State.QUEUED).forEach(p -> ids.add(p.id));
        }
        List<String> delete = f.strings("delete");
        if (delete != null) {
            ids.addAll(delete);
        }
        for (String id : ids) {
            Prompt p = find(id);
            if (p != null && p.job.state() == Job.State.QUEUED) {
                state.queue.cancel(p.job.id());
            }
        }
        ctx.json(JsonFields.JSON.createObjectNode());
    }

    private void histories(Context ctx) {
        int max = Integer.MAX_VALUE;
        if (ctx.queryParam("max_items") != null) {
            try {
                max = Math.max(0, Integer.parseInt(ctx.queryParam("max_items")));
            } catch (NumberFormatException e) {
                throw ApiError.badRequest("max_items must be a number");
            }
        }
        ObjectNode out = JsonFields.JSON.createObjectNode();
        List<Prompt> done = snapshot().stream().filter(p -> p.job.isFinal()).toList();
        for (Prompt p : done.subList(Math.max(0, done.size() - max), done.size())) {
            out.set(p.id, historyEntry(p));
        }
        ctx.json(out);
    }

    private void history(Context ctx) {
        ObjectNode out = JsonFields.JSON.createObjectNode();
        Prompt p = find(ctx.pathParam("id"));
        if (p != null && p.job.isFinal()) {
            out.set(p.id, historyEntry(p));
        }
        ctx.json(out);
    }

    private void editHistory(Context ctx) {
        JsonFields f = JsonFields.parse(ctx.bodyAsBytes());
        synchronized (prompts) {
            if (Boolean.TRUE.equals(f.bool("clear"))) {
                prompts.values().removeIf(p -> p.job.isFinal());
            }
            List<String> delete = f.strings("delete");
            if (delete != null) {
                delete.forEach(id -> {
                    Prompt p = prompts.get(id);
                    if (p != null && p.job.isFinal()) {
                        prompts.remove(id);
                    }
                });
            }
        }
        ctx.json(JsonFields.JSON.createObjectNode());
    }

    private ObjectNode historyEntry(Prompt p) {
        ObjectNode e = JsonFields.JSON.createObjectNode();
        e.set("prompt", queueEntry(p));
        ObjectNode outputs = e.putObject("outputs");
        boolean success = p.job.state() == Job.State.DONE;
        if (!p.job.images().isEmpty()) {
            outputs.putObject(p.graph.output()).set("images", images(p.job));
        }
        ObjectNode status = e.putObject("status");
        status.put("status_str", success ? "success" : "error");
        status.put("completed", success);
        ArrayNode messages = status.putArray("messages");
        messages.addArray().add("execution_start").addObject().put("prompt_id", p.id)
                .put("timestamp", millis(p.job.started()));
        if (success) {
            messages.addArray().add("execution_success").addObject().put("prompt_id", p.id)
                    .put("timestamp", millis(p.job.ended()));
        } else if (p.job.state() == Job.State.FAILED) {
            messages.addArray().add("execution_error").set(1, errorData(p));
        } else {
            messages.addArray().add("execution_interrupted").set(1, interruptedData(p));
        }
        ObjectNode meta = e.putObject("meta");
        meta.putObject(p.graph.output()).put("node_id", p.graph.output()).put("display_node", p.graph.output());
        return e;
    }

    /** The images as ComfyUI names output files: a file name, its folder under the outputs, "output". */
    private ArrayNode images(Job job) {
        ArrayNode a = JsonFields.JSON.createArrayNode();
        Path root = state.settings.outputs().toAbsolutePath().normalize();
        for (Job.Image image : job.images()) {
            Path rel = root.relativize(image.file().toAbsolutePath().normalize());
            ObjectNode i = a.addObject();
            i.put("filename", rel.getFileName().toString());
            i.put("subfolder", rel.getParent() == null ? "" : rel.getParent().toString());
            i.put("type", "output");
        }
        return a;
    }

    private void objectInfo(Context ctx) {
        String node = ctx.pathParam("node");
        ObjectNode out = JsonFields.JSON.createObjectNode();
        if (ComfyWorkflow.NODES.contains(node)) {
            out.set(node, ComfyNodes.node(node, checkpoints()));
        }
        ctx.json(out); // ComfyUI answers {} for a node it does not have
    }

    private void view(Context ctx) {
        String filename = ctx.queryParam("filename");
        String subfolder = ctx.queryParam("subfolder") == null ? "" : ctx.queryParam("subfolder");
        String type = ctx.queryParam("type") == null ? "output" : ctx.queryParam("type");
        if (filename == null || filename.isEmpty()) {
            throw ApiError.badRequest("view needs a filename");
        }
        Path root = switch (type) {
            case "output" -> state.settings.outputs();
            case "input" -> uploads.dir();
            default -> throw ApiError.notFound("no " + dev.genlab.core.Printable.of(type, 20) + " files here");
        };
        Path file = FileRoutes.relative(root, subfolder.isEmpty() ? filename : subfolder + "/" + filename);
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        FileRoutes.send(ctx, file, name.endsWith(".png") ? "image/png" : name.endsWith(".jpg") || name.endsWith(".jpeg")
                ? "image/jpeg" : "application/octet-stream", "the file");
    }

    private void upload(Context ctx) {
        UploadedFile file = ctx.uploadedFile("image");
        if (file == null) {
            throw ApiError.badRequest("upload the image as the multipart field 'image'");
        }
        byte[] bytes;
        try (InputStream in = file.content()) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw ApiError.badRequest("the upload could not be read: " + e.getMessage());
        }
        String name = uploads.storeNamed(file.filename(), bytes);
        ObjectNode out = JsonFields.JSON.createObjectNode();
        out.put("name", name);
        out.put("subfolder", "");
        out.put("type", "input");
        ctx.json(out);
    }

    private void systemStats(Context ctx) {
        ObjectNode out = JsonFields.JSON.createObjectNode();
        ObjectNode system = out.putObject("system");
        String os = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT);
        system.put("os", os.contains("win") ? "nt" : "posix");
        system.put("ram_total", Runtime.getRuntime().maxMemory());
        system.put("ram_free", Runtime.getRuntime().freeMemory());
        system.put("comfyui_version", "genlab " + dev.genlab.core.Version.version());
        system.put("python_version", "none (genlab runs on Java " + System.getProperty("java.version") + ")");
        system.put("pytorch_version", "libtorch 2.5.1 through DJL 0.33.0");
        system.put("embedded_python", false);
        system.putArray("argv");
        ArrayNode devices = out.putArray("devices");
        ObjectNode d = devices.addObject();
        d.put("name", state.settings.device());
        d.put("type", state.settings.device());
        d.put("index", 0);
        d.put("vram_total", 0);
        d.put("vram_free", 0);
        d.put("torch_vram_total", 0);
        d.put("torch_vram_free", 0);
        ctx.json(out);
    }

    // --- the WebSocket ---

    private void connected(WsContext ctx) {
        Credentials c = state.settings.credentials();
        if (c != null && !c.accepts(ctx.header("Authorization"))) {
            ctx.closeSession(1008, "this server needs credentials");
            return;
        }
        String clientId = ctx.queryParam("clientId");
        if (clientId == null || clientId.isBlank()) {
            clientId = UUID.randomUUID().toString().replace("-", "");
        }
        sockets.put(ctx, clientId);
        ObjectNode data = JsonFields.JSON.createObjectNode();
        data.putObject("status").set("exec_info", queueInfo().get("exec_info"));
        data.put("sid", clientId);
        send(ctx, "status", data);
    }

    private void broadcastStatus() {
        ObjectNode data = JsonFields.JSON.createObjectNode();
        data.putObject("status").set("exec_info", queueInfo().get("exec_info"));
        sockets.keySet().forEach(s -> send(s, "status", data));
    }

    /** To the client that queued the prompt when it is connected, else to every client (as ComfyUI does). */
    private void toClient(Prompt p, String type, ObjectNode data) {
        List<WsContext> targets = sockets.entrySet().stream().filter(e -> e.getValue().equals(p.clientId))
                .map(Map.Entry::getKey).toList();
        (targets.isEmpty() ? new ArrayList<>(sockets.keySet()) : targets).forEach(s -> send(s, type, data));
    }

    private void send(WsContext ctx, String type, ObjectNode data) {
        ObjectNode msg = JsonFields.JSON.createObjectNode();
        msg.put("type", type);
        msg.set("data", data);
        try {
            synchronized (ctx) {
                if (ctx.session.isOpen()) {
                    ctx.send(msg.toString());
                }
            }
        } catch (RuntimeException gone) {
            sockets.remove(ctx);
        }
    }

    @Override
    public void started(Job job) {
        Prompt p = byJob.get(job.id());
        if (p == null) {
            return;
        }
        toClient(p, "execution_start", promptData(p).put("timestamp", millis(job.started())));
        ObjectNode cached = promptData(p);
        cached.putArray("nodes");
        toClient(p, "execution_cached", cached.put("timestamp", millis(job.started())));
        for (String node : p.graph.nodes()) {
            executing(p, node);
            if (node.equals(p.graph.sampler())) {
                break;
            }
        }
    }

    @Override
    public void stepped(Job job) {
        Prompt p = byJob.get(job.id());
        if (p != null) {
            ObjectNode data = JsonFields.JSON.createObjectNode();
            data.put("value", job.stepsDone());
            data.put("max", job.stepsTotal());
            data.put("prompt_id", p.id);
            data.put("node", p.graph.sampler());
            toClient(p, "progress", data);
        }
    }

    @Override
    public void ended(Job job) {
        Prompt p = byJob.remove(job.id());
        if (p == null) {
            return;
        }
        if (job.state() == Job.State.DONE) {
            List<String> nodes = p.graph.nodes();
            for (String node : nodes.subList(nodes.indexOf(p.graph.sampler()) + 1, nodes.size())) {
                executing(p, node);
            }
            ObjectNode executed = promptData(p);
            executed.put("node", p.graph.output());
            executed.put("display_node", p.graph.output());
            executed.putObject("output").set("images", images(job));
            toClient(p, "executed", executed);
            executing(p, null);
            toClient(p, "execution_success", promptData(p).put("timestamp", millis(job.ended())));
        } else if (job.state() == Job.State.FAILED) {
            toClient(p, "execution_error", errorData(p));
        } else {
            toClient(p, "execution_interrupted", interruptedData(p));
        }
        broadcastStatus();
    }

    private void executing(Prompt p, String node) {
        ObjectNode data = JsonFields.JSON.createObjectNode();
        if (node == null) {
            data.putNull("node");
            data.putNull("display_node");
        } else {
            data.put("node", node);
            data.put("display_node", node);
        }
        data.put("prompt_id", p.id);
        toClient(p, "executing", data);
    }

    private static ObjectNode promptData(Prompt p) {
        return JsonFields.JSON.createObjectNode().put("prompt_id", p.id);
    }

    private static ObjectNode errorData(Prompt p) {
        ObjectNode d = promptData(p);
        d.put("node_id", p.graph.sampler());
        d.put("node_type", "KSampler");
        d.putArray("executed");
        d.put("exception_message", p.job.error());
        d.put("exception_type", p.job.failureStatus() == 422 ? "ValueError" : "GenerationError");
        d.putArray("traceback");
        d.putObject("current_inputs");
        d.putObject("current_outputs");
        d.put("timestamp", millis(p.job.ended()));
        return d;
    }

    private static ObjectNode interruptedData(Prompt p) {
        ObjectNode d = promptData(p);
        d.put("node_id", p.graph.sampler());
        d.put("node_type", "KSampler");
        d.putArray("executed");
        d.put("timestamp", millis(p.job.ended()));
        return d;
    }

    private static long millis(java.time.Instant t) {
        return t == null ? 0 : t.toEpochMilli();
    }

    private Prompt find(String id) {
        synchronized (prompts) {
            return prompts.get(id);
        }
    }

    private List<Prompt> snapshot() {
        synchronized (prompts) {
            return new ArrayList<>(prompts.values());
        }
    }

    /** Forgets the oldest finished prompts beyond {@link #KEEP}. */
    private void trim() {
        long finished = prompts.values().stream().filter(p -> p.job.isFinal()).count();
        var it = prompts.values().iterator();
        while (finished > KEEP && it.hasNext()) {
            if (it.next().job.isFinal()) {
                it.remove();
                finished--;
            }
        }
    }
}
