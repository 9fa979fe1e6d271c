package dev.genlab.server;

import dev.genlab.core.UsageException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How the server runs.
 *
 * @param host          the address to bind (127.0.0.1 unless the user chose to listen more widely)
 * @param port          the port; 0 picks a free one (tests)
 * @param credentials   what a request must present, or null on localhost without --auth
 * @param corsOrigin    the one origin allowed to call from a browser page elsewhere, or null (CORS off)
 * @param outputs       where images are written, one folder a model (the gallery serves files from here only)
 * @param runs          where bench runs are (their reports are served from here only)
 * @param queueCapacity jobs that may wait; one more is answered 429
 * @param jobTimeout    a job running longer is stopped and reported as timed out
 * @param maxBodyBytes  the largest request body (base64 images included)
 * @param defaultModel  the model requests without one use first (A1111's sd_model_checkpoint)
 * @param logRequests   print a line per request: method, path, status and milliseconds
 */
public record ServerSettings(String host, int port, Credentials credentials, String corsOrigin, Path outputs, Path runs,
        int queueCapacity, Duration jobTimeout, long maxBodyBytes, String defaultModel, String device, int threads,
        boolean logRequests) {

    public static final int DEFAULT_PORT = 7860;
    public static final int DEFAULT_QUEUE = 1000;
    public static final long DEFAULT_MAX_BODY = 50L << 20;

    public ServerSettings {
        if (port < 0 || port > 65535) {
            throw new UsageException("--port must be between 1 and 65535, got " + port);
        }
        if (queueCapacity < 1 || queueCapacity > 100_000) {
            throw new UsageException("--queue must be between 1 and 100000, got " + queueCapacity);
        }
        if (jobTimeout.isNegative() || jobTimeout.isZero()) {
            throw new UsageException("--job-timeout must be positive");
        }
        if (!isLoopback(host) && credentials == null) {
            throw new UsageException("listening on " + host + " lets other machines generate on this one: give "
                    + "--auth USER:PASSWORD or --token-file FILE (or leave --listen out to serve this machine only)");
        }
    }

    static boolean isLoopback(String host) {
        return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1");
    }
}
