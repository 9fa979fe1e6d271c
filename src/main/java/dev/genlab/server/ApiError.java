package dev.genlab.server;

/**
 * A request the server refuses, with the HTTP status and a one-line reason for the client (never a stack
 * trace).
 */
public final class ApiError extends RuntimeException {

    private final int status;

    public ApiError(int status, String reason) {
        super(reason);
        this.status = status;
    }

    public int status() {
        return status;
    }

    static ApiError badRequest(String reason) {
        return new ApiError(400, reason);
    }

    static ApiError unprocessable(String reason) {
        return new ApiError(422, reason);
    }

    static ApiError notFound(String reason) {
        return new ApiError(404, reason);
    }
}
