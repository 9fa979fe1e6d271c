package dev.genlab.server;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genlab.catalog.Catalog;
import dev.genlab.runs.RunDatabase;
import dev.genlab.runs.RunDatabaseLocation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** A server on a free loopback port over the bundled models, and a client that speaks to it over real HTTP. */
final class ServerFixture implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    final GenlabServer server;
    final RunDatabase db;
    final NDManager root;
    final Path outputs;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    String authorization;

    ServerFixture(Path tmp, int queue, long maxBody, Credentials credentials) {
        this(tmp, queue, maxBody, credentials, Path.of("models"));
    }

    ServerFixture(Path tmp, int queue, long maxBody, Credentials credentials, Path models) {
        this(tmp, queue, maxBody, credentials, models, null, Duration.ofMinutes(5));
    }

    ServerFixture(Path tmp, int queue, long maxBody, Credentials credentials, Path models, String cors,
            Duration jobTimeout) {
        this.outputs = tmp.resolve("outputs");
        this.db = RunDatabase.open(RunDatabaseLocation.ofFile(tmp.resolve("runs/genlab.db")));
        this.root = NDManager.newBaseManager();
        var registry = Catalog.registry(models);
        var settings = new ServerSettings("127.0.0.1", 0, credentials, cors, outputs, tmp.resolve("runs"), queue,
                jobTimeout, maxBody, GenlabServer.preferredModel(registry), "cpu", 2, false);
        this.server = GenlabServer.start(settings, registry, root, db);
    }

    ServerFixture(Path tmp) {
        this(tmp, 100, ServerSettings.DEFAULT_MAX_BODY, null);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    HttpResponse<byte[]> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofMinutes(5))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (java.io.IOException stale) {
            // the JDK client reuses a pooled connection that Jetty closed after a request it refused at the
            // parser (a "/../" path): the request never reached the server, so sending it again is safe
            return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        }
    }

    JsonNode json(String method, String path, String body, int expectedStatus) throws Exception {
        HttpResponse<byte[]> r = send(method, path, body);
        if (r.statusCode() != expectedStatus) {
            throw new AssertionError(method + " " + path + " answered " + r.statusCode() + ", not " + expectedStatus
                    + ": " + new String(r.body()));
        }
        return JSON.readTree(r.body());
    }

    JsonNode get(String path) throws Exception {
        return json("GET", path, null, 200);
    }

    JsonNode post(String path, String body) throws Exception {
        return json("POST", path, body, 200);
    }

    @Override
    public void close() {
        server.close();
        db.close();
        root.close();
    }
}
