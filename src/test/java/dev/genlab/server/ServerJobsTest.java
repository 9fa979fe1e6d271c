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
            assertThat(s.get("/genlab/v1/models/ldm").get("card").asText()).isNotBlank();
        }
    }

    @Test
    void aFullQueueAnswers429WithRetryAfterAndLosesNoAcceptedJob() throws Exception {
        try (ServerFixture s = new ServerFixture(tmp, 3, ServerSettings.DEFAULT_MAX_BODY, null)) {
            ExecutorService clients = Executors.newFixedThreadPool(8);
            List<Future<int[]>> answers = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int seed = i;
                Callable<int[]> call = () -> {
                    var r = s.send("POST", "/genlab/v1/jobs", "{\"model\": \"ldm\", \"prompt\": \"x\", \"steps\": 3, "
                            + "\"seed\": " + seed + "}");
                    if (r.statusCode() == 429) {
                        assertThat(r.headers().firstValue("Retry-After")).isPresent();
                        assertThat(Long.parseLong(r.headers().firstValue("Retry-After").get())).isPositive();
                    }
                    int id = r.statusCode() == 202 ? ServerFixture.JSON.readTree(r.body()).get("id").asInt() : -1;
                    return new int[] {r.statusCode(), id};
                };
                answers.add(clients.submit(call));
            }
            List<Integer> accepted = new ArrayList<>();
            int refused = 0;
            for (Future<int[]> f : answers) {
                int[] a = f.get();
                assertThat(a[0]).isIn(202, 429);
                if (a[0] == 202) {
                    accepted.add(a[1]);
                } else {
                    refused++;
                }
            }
            clients.shutdown();
            assertThat(refused).isPositive();
            for (int id : accepted) {
                assertThat(waitFor(s, Integer.toString(id)).get("state").asText()).isEqualTo("done");
            }
        }
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
                "ldm", "cpu", 1)).isInstanceOf(UsageException.class).hasMessageContaining("--auth");
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
