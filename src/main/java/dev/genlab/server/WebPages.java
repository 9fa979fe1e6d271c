package dev.genlab.server;

import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;

/**
 * The web page, served by the same process from the jar (no Node at run time): one HTML page with its script
 * and style sheet, which talks to genlab's JSON API. Static files only, so the Content-Security-Policy can
 * forbid inline scripts: everything the page shows from users (prompts, names) goes in as text, never markup.
 */
final class WebPages {

    private final ServerState state;

    WebPages(ServerState state) {
        this.state = state;
    }

    void routes(JavalinConfig config) {
        config.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = "/web";
            files.location = Location.CLASSPATH;
        });
        config.routes.get("/genlab/v1/server", ctx -> {
            var o = JsonFields.JSON.createObjectNode();
            o.put("version", dev.genlab.core.Version.version());
            o.put("model", state.model());
            o.put("device", state.settings.device());
            o.put("threads", state.settings.threads());
            o.put("queue_capacity", state.queue.capacity());
            o.put("waiting", state.queue.waitingCount());
            o.put("database", state.db != null);
            ctx.json(o);
        });
    }
}
