package dev.genlab.server;

/** The queue holds as many jobs as it may: the client should come back after {@link #retryAfterSeconds}. */
final class QueueFull extends RuntimeException {

    private final long retryAfterSeconds;

    QueueFull(int capacity, long retryAfterSeconds) {
        super("the queue is full (" + capacity + " jobs waiting); try again in " + retryAfterSeconds + " s", null,
                false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
