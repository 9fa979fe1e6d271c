package dev.genlab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.genlab.core.UsageException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jobs through genlab's own API: progress, interrupt, cancel, a full queue, credentials, limits, the gallery. */
class ServerJobsTest {

    @TempDir
    Path tmp;

    static JsonNode waitFor(ServerFixture s, String id) throws Exception {
        long until = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < until) {
            JsonNode j = s.get("/genlab/v1/jobs/" + id);
            String state = j.get("state").asText();
            if (!state.equals("queued") && !state.equals("running")) {
                return j;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("job " + id + " did not finish");
    }

    @Test
    void aJobReportsProgressAndKeepsItsImagesWhenInterrupted() throws Exception {
        try (ServerFixture s = new ServerFixture(tmp)) {
            JsonNode job = s.json("POST", "/genlab/v1/jobs", "{\"model\": \"ldm\", \"prompt\": \"a bag\", \"n\": 40, "
                    + "\"steps\": 40, \"seed\": 1}", 202);
            String id = job.get("id").asText();
            double progress = 0;
            long until = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (progress == 0 && System.nanoTime() < until) {
                JsonNode p = s.get("/sdapi/v1/progress");
                progress = p.get("progress").asDouble();
                if (progress > 0) {
                    assertThat(p.get("state").get("sampling_steps").asInt()).isEqualTo(40 * 40);
                    assertThat(p.get("state").get("job_count").asInt()).isEqualTo(1);
                }
                Thread.sleep(20);
            }
            assertThat(progress).isGreaterThan(0).isLessThan(1);
            s.post("/sdapi/v1/interrupt", "");
            JsonNode done = waitFor(s, id);
            assertThat(done.get("state").asText()).isEqualTo("interrupted");
            assertThat(done.get("images").size()).isLessThan(40);
            for (JsonNode image : done.get("images")) {
                var png = s.send("GET", image.get("url").asText(), null);
                assertThat(png.statusCode()).isEqualTo(200);
                assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
                assertThat(png.body()).isEqualTo(Files.readAllBytes(Path.of(image.get("file").asText())));
            }
            // the gallery's list holds them, newest first, with their file's URL
            JsonNode gallery = s.get("/genlab/v1/images?model=ldm&limit=100");
            assertThat(gallery.size()).isEqualTo(done.get("images").size());
            gallery.forEach(e -> assertThat(e.get("url").asText()).startsWith("/genlab/v1/images/"));
            assertThat(s.get("/genlab/v1/server").get("model").asText()).isEqualTo("ldm");
            JsonNode ldm = s.get("/genlab/v1/models/ldm");
            assertThat(ldm.get("card").asText()).isNotBlank();
            assertThat(ldm.get("metrics").isObject()).isTrue();
            assertThat(ldm.get("takes_prompt").asBoolean()).isTrue();
            assertThat(ldm.get("default_sampler").get("steps").asInt()).isPositive();
        }
    }

    @Test
    void twentyClientsSending200RequestsToAFullQueueGetOnly200Or429AndNoAcceptedJobIsLost() throws Exception {
        try (ServerFixture s = new ServerFixture(tmp, 4, ServerSettings.DEFAULT_MAX_BODY, null)) {
            s.post("/sdapi/v1/txt2img", "{\"override_settings\": {\"sd_model_checkpoint\": \"dcgan\"}}"); // warm up
            long rssBefore = residentKb();
            ExecutorService clients = Executors.newFixedThreadPool(20);
            List<Future<int[]>> answers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int seed = 1000 + i;
                Callable<int[]> call = () -> {
                    var r = s.send("POST", "/sdapi/v1/txt2img", "{\"seed\": " + seed + ", \"batch_size\": 2, "
                            + "\"override_settings\": {\"sd_model_checkpoint\": \"dcgan\"}}");
                    if (r.statusCode() == 429) {
                        assertThat(Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow())).isPositive();
                    }
                    int images = r.statusCode() == 200 ? ServerFixture.JSON.readTree(r.body()).get("images").size() : 0;
                    return new int[] {r.statusCode(), images};
                };
                answers.add(clients.submit(call));
            }
            int accepted = 0;
            int refused = 0;
            for (Future<int[]> f : answers) {
                int[] a = f.get();
                assertThat(a[0]).isIn(200, 429, 503);
                if (a[0] == 200) {
                    assertThat(a[1]).isEqualTo(2);
                    accepted++;
                } else {
                    refused++;
                }
            }
            clients.shutdown();
            assertThat(accepted + refused).isEqualTo(200);
            assertThat(refused).isPositive();
            assertThat(accepted).isPositive();
            // every accepted job finished, and its images are on disk and in the run database
            assertThat(s.server.queue().all()).filteredOn(j -> !j.isFinal()).isEmpty();
            assertThat(s.db.images(new dev.genlab.runs.HistoryQuery("dcgan", null, 10_000))).hasSize(2 * accepted + 1);
            // memory stays bounded: no image or job is held beyond the recent ones (generous: a leak is gigabytes)
            assertThat(residentKb() - rssBefore).isLessThan(1_000_000);
        }
    }

    @Test
    void aModelThatCannotLoadIsAFailedJobWithOneLineAndTheServerGoesOn() throws Exception {
        Path models = tmp.resolve("models");
        for (String name : List.of("dcgan", "ldm")) {
            Path from = Path.of("models", name);
            Files.createDirectories(models.resolve(name));
            try (var files = Files.list(from)) {
                for (Path f : files.toList()) {
                    Files.copy(f, models.resolve(name).resolve(f.getFileName()));
                }
            }
        }
        Path weights = models.resolve("dcgan/model.safetensors");
        byte[] bytes = Files.readAllBytes(weights);
        Files.write(weights, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        try (ServerFixture s = new ServerFixture(tmp, 10, ServerSettings.DEFAULT_MAX_BODY, null, models)) {
            JsonNode failed = s.json("POST", "/sdapi/v1/txt2img", "{\"override_settings\": "
                    + "{\"sd_model_checkpoint\": \"dcgan\"}}", 500);
            assertThat(failed.get("detail").asText()).contains("model.safetensors").doesNotContain("\n")
                    .doesNotContain("Exception");
            JsonNode ok = s.post("/sdapi/v1/txt2img", "{\"prompt\": \"a bag\", \"steps\": 2}");
            assertThat(ok.get("images")).hasSize(1);
        }
    }

    @Test
    void anEvaluationJobScoresSamplesReproduciblyAndWritesNothing() throws Exception {
        try (ServerFixture s = new ServerFixture(tmp)) {
            JsonNode[] results = new JsonNode[2];
            for (int i = 0; i < 2; i++) {
                String id = s.json("POST", "/genlab/v1/models/dcgan/eval", "{\"n\": 60, \"seed\": 3}", 202).get("id")
                        .asText();
                JsonNode done = waitFor(s, id);
                assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("done");
                assertThat(done.get("images")).isEmpty();
                results[i] = done.get("result");
            }
            JsonNode metrics = results[0].get("metrics");
            assertThat(results[0].get("samples").asInt()).isEqualTo(60);
            assertThat(metrics.get("fd").asDouble()).isPositive();
            assertThat(metrics.has("kid")).isTrue();
            assertThat(metrics.has("is")).isTrue();
            assertThat(results[0].get("floor").isObject()).isTrue();
            assertThat(results[1]).isEqualTo(results[0]);
            assertThat(s.db.images(new dev.genlab.runs.HistoryQuery("dcgan", null, 10))).isEmpty();
            assertThat(s.json("POST", "/genlab/v1/models/dcgan/eval", "{\"n\": 5}", 422).get("detail").asText())
                    .contains("10");
            assertThat(s.json("POST", "/genlab/v1/models/nope/eval", "{}", 404).get("detail").asText())
                    .contains("nope");
        }
    }

    @Test
    void aJobPastItsTimeoutIsStoppedAndReportedAsTimedOut() throws Exception {
        try (ServerFixture s = new ServerFixture(tmp, 10, ServerSettings.DEFAULT_MAX_BODY, null, Path.of("models"),
                null, Duration.ofSeconds(1))) {
            long t0 = System.nanoTime();
            JsonNode r = s.json("POST", "/sdapi/v1/txt2img", "{\"prompt\": \"a bag\", \"n_iter\": 64, "
                    + "\"steps\": 1000}", 504);
            assertThat(r.get("detail").asText()).contains("timed out after 1 s").contains("--job-timeout");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(60));
        }
    }

    @Test
    void corsIsAnsweredOnlyForTheOriginGivenAndLinksOutOfTheOutputsAreNotServed() throws Exception {
        try (ServerFixture s = new ServerFixture(tmp, 10, ServerSettings.DEFAULT_MAX_BODY, null, Path.of("models"),
                "http://localhost:3000", Duration.ofMinutes(1))) {
            var allowed = s.http.send(java.net.http.HttpRequest.newBuilder(s.uri("/sdapi/v1/options"))
                    .header("Origin", "http://localhost:3000").build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:3000");
            var other = s.http.send(java.net.http.HttpRequest.newBuilder(s.uri("/sdapi/v1/options"))
                    .header("Origin", "http://evil.example").build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

            JsonNode made = s.post("/sdapi/v1/txt2img", "{\"prompt\": \"a bag\", \"steps\": 2}");
            assertThat(made.get("images")).hasSize(1);
            Path link = s.outputs.resolve("ldm/secret.png");
            Files.createSymbolicLink(link, Path.of("pom.xml").toAbsolutePath());
            assertThat(s.send("GET", "/view?filename=secret.png&subfolder=ldm&type=output", null).statusCode())
                    .isEqualTo(404);
            assertThat(s.send("GET", "/view?filename=pom.xml&subfolder=/work/main&type=output", null).statusCode())
                    .isEqualTo(404);
        }
    }

    static long residentKb() throws Exception {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(0L);
    }

    @Test
    void aQueuedJobCanBeCancelledAndNeverRuns() throws Exception {
        try (ServerFixture s = new ServerFixture(tmp)) {
            String first = s.json("POST", "/genlab/v1/jobs", "{\"model\": \"ldm\", \"prompt\": \"a\", \"n\": 20, "
                    + "\"steps\": 20}", 202).get("id").asText();
            String second = s.json("POST", "/genlab/v1/jobs", "{\"model\": \"dcgan\"}", 202).get("id").asText();
            JsonNode cancelled = s.json("DELETE", "/genlab/v1/jobs/" + second, null, 200);
            assertThat(cancelled.get("state").asText()).isEqualTo("cancelled");
            s.json("DELETE", "/genlab/v1/jobs/" + first, null, 200);
            assertThat(waitFor(s, first).get("state").asText()).isEqualTo("cancelled");
            assertThat(waitFor(s, second).get("images").size()).isZero();
        }
    }

    @Test
    void credentialsAreRequiredWhenSetAndListeningWithoutThemIsRefused() throws Exception {
        try (ServerFixture s = new ServerFixture(tmp, 10, ServerSettings.DEFAULT_MAX_BODY,
                Credentials.basic("ann:secret"))) {
            var denied = s.send("GET", "/sdapi/v1/options", null);
            assertThat(denied.statusCode()).isEqualTo(401);
            assertThat(denied.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> v.startsWith("Basic"));
            s.authorization = "Basic " + Base64.getEncoder().encodeToString("ann:wrong".getBytes(StandardCharsets.UTF_8));
            assertThat(s.send("GET", "/sdapi/v1/options", null).statusCode()).isEqualTo(401);
            s.authorization = "Basic " + Base64.getEncoder().encodeToString("ann:secret".getBytes(StandardCharsets.UTF_8));
            assertThat(s.send("GET", "/sdapi/v1/options", null).statusCode()).isEqualTo(200);
        }
        assertThatThrownBy(() -> new ServerSettings("0.0.0.0", 0, null, null, tmp, tmp, 1, Duration.ofMinutes(1), 1,
                "ldm", "cpu", 1, false)).isInstanceOf(UsageException.class).hasMessageContaining("--auth");
        Path token = tmp.resolve("token");
        Files.writeString(token, "short\n");
        assertThatThrownBy(() -> Credentials.tokenFile(token)).hasMessageContaining("16 characters");
        Files.writeString(token, "0123456789abcdef0123\n");
        Credentials c = Credentials.tokenFile(token);
        assertThat(c.accepts("Bearer 0123456789abcdef0123")).isTrue();
        assertThat(c.accepts("Bearer 0123456789abcdef012")).isFalse();
        assertThat(c.accepts(null)).isFalse();
    }

    @Test
    void anOversizedBodyIs413AndPagesCarryTheSecurityHeaders() throws Exception {
        try (ServerFixture s = new ServerFixture(tmp, 10, 1 << 20, null)) {
            String big = "{\"prompt\": \"" + "x".repeat(2 << 20) + "\"}";
            var r = s.send("POST", "/sdapi/v1/txt2img", big);
            assertThat(r.statusCode()).isEqualTo(413);
            assertThat(ServerFixture.JSON.readTree(r.body()).get("detail").asText()).contains("--max-body");
            var page = s.send("GET", "/", null);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> {
                assertThat(v).contains("script-src 'self'").doesNotContain("unsafe-inline");
            });
            assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(page.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }
    }
}
