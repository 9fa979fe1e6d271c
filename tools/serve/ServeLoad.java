// Measures genlab serve as the targets ask, against a server it starts from this checkout:
//   1. overhead per A1111 txt2img request on the bundled DCGAN: the client's round trip minus the job's own
//      generation time (model call, PNG, file, database record), over sequential requests;
//   2. resident memory of the server after a warm-up and after every 100 further jobs;
//   3. heap held by 1000 queued requests (jcmd GC.run, then GC.heap_info), while a long job keeps the worker busy;
//   4. resident memory over 100 jobs that swap the loaded model every time (the LDM and the DCGAN in turn).
// Run from the repository: java tools/serve/ServeLoad.java [requests]
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class ServeLoad {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static String base;

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        Path work = Files.createTempDirectory("genlab-serve-load");
        int port = 17000 + (int) (ProcessHandle.current().pid() % 1000);
        base = "http://127.0.0.1:" + port;
        Process server = new ProcessBuilder("./genlab", "serve", "--port", Integer.toString(port), "--db",
                work.resolve("genlab.db").toString(), "--outputs", work.resolve("outputs").toString(), "--queue", "1000")
                .redirectErrorStream(true).redirectOutput(work.resolve("serve.log").toFile()).start();
        try {
            waitUntilUp();
            long pid = server.pid();
            String body = "{\"seed\": 1, \"override_settings\": {\"sd_model_checkpoint\": \"dcgan\"}}";
            for (int i = 0; i < 50; i++) {
                post("/sdapi/v1/txt2img", body);
            }
            System.out.printf("RSS after load and 50 warm-up jobs: %.0f MB%n", rssMb(pid));
            double[] overhead = new double[requests];
            double[] generation = new double[requests];
            double[] roundTrip = new double[requests];
            for (int i = 0; i < requests; i++) {
                long t0 = System.nanoTime();
                post("/sdapi/v1/txt2img", "{\"seed\": " + i + ", \"override_settings\": {\"sd_model_checkpoint\": "
                        + "\"dcgan\"}}");
                roundTrip[i] = (System.nanoTime() - t0) / 1e6;
                if ((i + 1) % 100 == 0) {
                    System.out.printf("RSS after %d more jobs: %.0f MB%n", i + 1, rssMb(pid));
                }
            }
            // the jobs' own times, from genlab's API (started → ended: model, PNG, file and database record)
            String jobs = get("/genlab/v1/jobs");
            Matcher m = Pattern.compile("\"started\":\"([^\"]+)\",\"ended\":\"([^\"]+)\"").matcher(jobs);
            List<Double> times = new ArrayList<>();
            while (m.find()) {
                times.add(Duration.between(Instant.parse(m.group(1)), Instant.parse(m.group(2))).toNanos() / 1e6);
            }
            List<Double> last = times.subList(Math.max(0, times.size() - requests), times.size());
            for (int i = 0; i < Math.min(requests, last.size()); i++) {
                generation[i] = last.get(i);
                overhead[i] = roundTrip[requests - last.size() + i] - generation[i];
            }
            int n = Math.min(requests, last.size());
            System.out.printf("%d sequential txt2img requests (dcgan, 1 image): round trip median %.2f ms, job "
                    + "median %.2f ms, overhead (round trip - job) median %.2f ms, p90 %.2f ms%n", n,
                    median(roundTrip, n), median(generation, n), median(overhead, n), percentile(overhead, n, 0.9));

            // 1000 queued requests behind a long job
            String busy = post("/genlab/v1/jobs", "{\"model\": \"ldm\", \"prompt\": \"x\", \"n\": 64, \"steps\": 1000}");
            while (!get("/sdapi/v1/progress").matches(".*\"sampling_step\":[1-9].*")) {
                Thread.sleep(100); // the long job has loaded its model and is sampling
            }
            double heap0 = Math.min(heapMb(pid), heapMb(pid));
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                String r = post("/genlab/v1/jobs", "{\"model\": \"dcgan\", \"seed\": " + i + "}");
                Matcher id = Pattern.compile("\"id\":\"(\\d+)\"").matcher(r);
                if (id.find()) {
                    ids.add(id.group(1));
                }
            }
            double heap1 = Math.min(heapMb(pid), heapMb(pid));
            System.out.printf("1000 queued requests: heap after GC %.1f MB before, %.1f MB with them queued: "
                    + "%.1f MB extra (%d accepted)%n", heap0, heap1, heap1 - heap0, ids.size());
            for (String id : ids) {
                delete("/genlab/v1/jobs/" + id);
            }
            Matcher busyId = Pattern.compile("\"id\":\"(\\d+)\"").matcher(busy);
            if (busyId.find()) {
                delete("/genlab/v1/jobs/" + busyId.group(1));
            }
            while (!get("/sdapi/v1/progress").contains("\"job_count\":0")) {
                Thread.sleep(100);
            }
            System.out.printf("RSS before 100 model swaps: %.0f MB%n", rssMb(pid));
            for (int i = 1; i <= 100; i++) {
                String model = i % 2 == 0 ? "dcgan" : "ldm";
                post("/sdapi/v1/txt2img", "{\"prompt\": \"a bag\", \"steps\": 3, \"seed\": " + i
                        + ", \"override_settings\": {\"sd_model_checkpoint\": \"" + model + "\"}}");
                if (i % 25 == 0) {
                    System.out.printf("RSS after %d jobs, each loading its model: %.0f MB%n", i, rssMb(pid));
                }
            }
        } finally {
            server.destroy();
            server.waitFor();
        }
    }

    static void waitUntilUp() throws Exception {
        for (int i = 0; i < 600; i++) {
            try {
                get("/genlab/v1/server");
                return;
            } catch (java.io.IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the server did not start");
    }

    static String get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    static String post(String path, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    static void delete(String path) throws Exception {
        HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).DELETE().build(), HttpResponse.BodyHandlers.discarding());
    }

    static double rssMb(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        return -1;
    }

    /** Heap in use after a full collection, from the JDK's jcmd. */
    static double heapMb(long pid) throws Exception {
        run("jcmd", Long.toString(pid), "GC.run");
        String info = run("jcmd", Long.toString(pid), "GC.heap_info");
        Matcher m = Pattern.compile("used (\\d+)K").matcher(info);
        if (!m.find()) {
            throw new IllegalStateException("jcmd GC.heap_info said: " + info);
        }
        return Long.parseLong(m.group(1)) / 1024.0;
    }

    static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }

    static double median(double[] v, int n) {
        return percentile(v, n, 0.5);
    }

    static double percentile(double[] v, int n, double q) {
        double[] s = Arrays.copyOf(v, n);
        Arrays.sort(s);
        return s[Math.min(n - 1, (int) Math.floor(q * (n - 1) + 0.5))];
    }
}
