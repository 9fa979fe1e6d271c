package dev.genlab.server;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genlab.core.GenlabException;
import dev.genlab.core.UsageException;
import dev.genlab.model.ModelRegistry;
import dev.genlab.runs.RunDatabase;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.util.List;

/**
 * The server: Javalin on Jetty with the A1111 routes, genlab's routes and the web page, behind one place that
 * checks credentials, sets security headers and turns every failure into a JSON answer with a one-line reason.
 */
public final class GenlabServer implements AutoCloseable {

    /** Pages and API answers may load only what this server sends; no framing by other sites. */
    static final String CSP = "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'self'; form-action 'self'";

    private final Javalin app;
    private final JobQueue queue;
    private final ModelSlot slot;
    private final JobRunner runner;

    private GenlabServer(Javalin app, JobQueue queue, ModelSlot slot, JobRunner runner) {
        this.app = app;
        this.queue = queue;
        this.slot = slot;
        this.runner = runner;
    }

    /**
     * Starts serving.
     *
     * @param root the engine's manager on the chosen device; each loaded model gets a sub-manager of it
     * @param db   the run database, or null to record nothing
     */
    public static GenlabServer start(ServerSettings settings, ModelRegistry registry, NDManager root, RunDatabase db) {
        InstalledModels models = new InstalledModels(registry);
        ModelSlot slot = new ModelSlot(models, root);
        JobRunner runner = new JobRunner(slot, settings, db);
        JobQueue queue = new JobQueue(settings.queueCapacity(), runner);
        ServerState state = new ServerState(settings, models, queue, db);
        A1111Api a1111 = new A1111Api(state);
        GenlabApi genlab = new GenlabApi(state);
        WebPages pages = new WebPages(state);
        ComfyApi comfy = new ComfyApi(state, runner.uploads());
        runner.listen(comfy);
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.host = settings.host();
            config.jetty.port = settings.port();
            config.http.maxRequestSize = settings.maxBodyBytes();
            config.jsonMapper(new JavalinJackson(JsonFields.JSON, false));
            if (settings.corsOrigin() != null) {
                config.bundledPlugins.enableCors(cors -> cors.addRule(rule -> rule.allowHost(settings.corsOrigin())));
            }
            if (settings.logRequests()) {
                config.requestLogger.http((ctx, ms) -> System.out.printf(java.util.Locale.ROOT,
                        "genlab serve: %s %s %d %.2f ms%n", ctx.method(), dev.genlab.core.Printable.of(ctx.path(), 200),
                        ctx.status().getCode(), ms));
            }
            guard(config, settings);
            errors(config);
            a1111.routes(config);
            genlab.routes(config);
            comfy.routes(config);
            pages.routes(config);
        });
        try {
            app.start();
        } catch (RuntimeException e) {
            queue.close();
            throw new GenlabException("cannot listen on " + settings.host() + ":" + settings.port() + ": "
                    + rootCause(e) + " (choose another --port)");
        }
        return new GenlabServer(app, queue, slot, runner);
    }

    /** Credentials on every route (CORS preflights aside) and the security headers on every answer. */
    private static void guard(JavalinConfig config, ServerSettings settings) {
        config.routes.before(ctx -> {
            ctx.header("Content-Security-Policy", CSP);
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("Referrer-Policy", "no-referrer");
            Credentials c = settings.credentials();
            if (c != null && !ctx.method().name().equals("OPTIONS") && !c.accepts(ctx.header("Authorization"))) {
                ctx.header("WWW-Authenticate", c.challenge());
                throw new ApiError(401, "this server needs credentials (HTTP Basic user:password or a bearer token)");
            }
        });
    }

    /** Every failure as {"error": kind, "detail": one line}: A1111's shape, which its clients show. */
    private static void errors(JavalinConfig config) {
        config.routes.exception(ApiError.class, (e, ctx) -> fail(ctx, e.status(), e.getMessage()));
        config.routes.exception(QueueFull.class, (e, ctx) -> {
            ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
            fail(ctx, 429, e.getMessage());
        });
        config.routes.exception(UsageException.class, (e, ctx) -> fail(ctx, 422, e.getMessage()));
        config.routes.exception(GenlabException.class, (e, ctx) -> fail(ctx, 500, e.getMessage()));
        config.routes.exception(HttpResponseException.class, (e, ctx) -> fail(ctx, e.getStatus(),
                e.getStatus() == 413 ? "the body is larger than the server accepts (--max-body)" : e.getMessage()));
        config.routes.exception(Exception.class, (e, ctx) -> {
            System.err.println("genlab serve: " + ctx.method() + " " + ctx.path() + " failed:");
            e.printStackTrace();
            fail(ctx, 500, "internal error: " + e.getClass().getSimpleName() + " (the server's log has the details)");
        });
        config.routes.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                fail(ctx, 404, "no route " + ctx.method() + " " + dev.genlab.core.Printable.of(ctx.path(), 100));
            }
        });
        config.routes.error(405, ctx -> fail(ctx, 405, "method " + ctx.method() + " not allowed on "
                + dev.genlab.core.Printable.of(ctx.path(), 100)));
    }

    static void fail(Context ctx, int status, String detail) {
        ObjectNode err = JsonFields.JSON.createObjectNode();
        err.put("error", switch (status) {
            case 400 -> "BadRequest";
            case 401 -> "Unauthorized";
            case 404 -> "NotFound";
            case 405 -> "MethodNotAllowed";
            case 413 -> "PayloadTooLarge";
            case 422 -> "InvalidRequest";
            case 429 -> "QueueFull";
            case 503 -> "Unavailable";
            default -> "ServerError";
        });
        err.put("detail", JsonFields.firstLine(detail));
        ctx.status(status).json(err);
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /**
     * The model to start with when the user names none: the first installed text-to-image model (what an
     * A1111 client expects to drive), else the first installed model.
     */
    public static String preferredModel(ModelRegistry registry) {
        List<String> names = registry.names();
        for (String name : names) {
            var dir = registry.find(name);
            if (registry.family(dir).generateOptions().stream()
                    .anyMatch(o -> o.key().equals(dev.genlab.model.GenerationRecord.NEGATIVE_PROMPT))) {
                return name;
            }
        }
        return names.get(0);
    }

    public int port() {
        return app.port();
    }

    public JobQueue queue() {
        return queue;
    }

    /** Lets clients watch jobs (ComfyUI's WebSocket, the page's progress). */
    public void listen(JobEvents events) {
        runner.listen(events);
    }

    /** Stops taking requests, stops the jobs, unloads the model. */
    @Override
    public void close() {
        app.stop();
        queue.close();
        slot.close();
    }
}
