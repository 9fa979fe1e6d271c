package dev.genlab.cli;

import ai.djl.ndarray.NDManager;
import dev.genlab.core.UsageException;
import dev.genlab.model.ModelRegistry;
import dev.genlab.runs.RunDatabase;
import dev.genlab.runs.RunDatabaseLocation;
import dev.genlab.server.Credentials;
import dev.genlab.server.GenlabServer;
import dev.genlab.server.ServerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `genlab serve`: the HTTP server for AUTOMATIC1111 clients, genlab's API and its web page. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve every installed model over HTTP: AUTOMATIC1111's API (/sdapi/v1/…), ComfyUI's "
                + "(/prompt, /history, /ws, …), genlab's own (/genlab/v1/…) and a web page at /.",
            "Requests queue as jobs run one at a time with one model loaded; images go to --outputs and the run "
                    + "database. Serves this machine only unless --listen (which needs --auth or --token-file)."})
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "7860", paramLabel = "PORT",
            description = "Port (default: ${DEFAULT-VALUE}, A1111's).")
    int port;

    @Option(names = "--listen", description = "Serve other machines too (binds 0.0.0.0); needs --auth or --token-file.")
    boolean listen;

    @Option(names = "--auth", paramLabel = "USER:PASSWORD", description = "HTTP Basic credentials every request "
            + "must carry (A1111's --api-auth).")
    String auth;

    @Option(names = "--token-file", paramLabel = "FILE", description = "A bearer token (first line, 16+ characters) "
            + "every request must carry.")
    Path tokenFile;

    @Option(names = "--cors", paramLabel = "ORIGIN", description = "Let pages from this origin call the API "
            + "(e.g. http://localhost:3000); off by default.")
    String cors;

    @Option(names = "--model", paramLabel = "NAME", description = "The model requests without one use (default: the "
            + "first installed text-to-image model); A1111 clients switch it with POST /sdapi/v1/options.")
    String model;

    @Option(names = "--outputs", paramLabel = "DIR", defaultValue = "outputs", description = "Where images are "
            + "written, a folder a model (default: ${DEFAULT-VALUE}).")
    Path outputs;

    @Option(names = "--queue", defaultValue = "1000", paramLabel = "N", description = "Jobs that may wait; more get 429 with "
            + "Retry-After (default: ${DEFAULT-VALUE}).")
    int queue;

    @Option(names = "--job-timeout", defaultValue = "30m", paramLabel = "DURATION", description = "A job running "
            + "longer is stopped (default: ${DEFAULT-VALUE}).")
    String jobTimeout;

    @Option(names = "--max-body", defaultValue = "50", paramLabel = "MB", description = "Largest request body, "
            + "base64 images included (default: ${DEFAULT-VALUE} MB).")
    int maxBodyMb;

    @Option(names = "--log-requests", description = "Print a line per request: method, path, status, milliseconds.")
    boolean logRequests;

    @Mixin
    CommonOptions common;

    @Mixin
    RunDatabaseOption runDatabase = new RunDatabaseOption();

    @Override
    public Integer call() throws Exception {
        if (maxBodyMb < 1 || maxBodyMb > 2000) {
            throw new UsageException("--max-body must be between 1 and 2000 MB, got " + maxBodyMb);
        }
        Credentials credentials = auth != null && tokenFile != null
                ? fail("give --auth or --token-file, not both")
                : auth != null ? Credentials.basic(auth) : tokenFile != null ? Credentials.tokenFile(tokenFile) : null;
        String bind = listen ? "0.0.0.0" : host;
        ModelRegistry registry = common.registry();
        List<String> names = registry.names();
        if (names.isEmpty()) {
            throw new dev.genlab.core.GenlabException("no models are installed in " + registry.modelsDir()
                    + ": nothing to serve");
        }
        String first = model != null ? registry.find(model).name() : GenlabServer.preferredModel(registry);
        RunDatabaseLocation where = runDatabase.location();
        Path runs = where != null && where.file() != null ? where.file().toAbsolutePath().getParent()
                : Path.of("runs").toAbsolutePath();
        ServerSettings settings = new ServerSettings(bind, port, credentials, cors, outputs.toAbsolutePath(), runs,
                queue, Duration.ofSeconds(Durations.seconds(jobTimeout, "--job-timeout")), (long) maxBodyMb << 20,
                first, common.device, common.threadCount(), logRequests);
        CountDownLatch stopped = new CountDownLatch(1);
        try (NDManager root = common.newManager(); RunDatabase db = runDatabase.open();
                GenlabServer server = GenlabServer.start(settings, registry, root, db)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                stopped.countDown();
            }, "genlab-serve-stop"));
            System.out.printf("genlab serve: http://%s:%d/ (A1111 API at /sdapi/v1, genlab's at /genlab/v1; model %s; "
                    + "%d installed)%n", bind.equals("0.0.0.0") ? "localhost" : bind, server.port(), first, names.size());
            System.out.println("genlab serve: Ctrl-C stops it");
            stopped.await();
        }
        return 0;
    }

    private static <T> T fail(String message) {
        throw new UsageException(message);
    }
}
