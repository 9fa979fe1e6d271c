package dev.genlab.server;

import dev.genlab.model.GenerationRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One request's work from queue to result: its state, progress and the images finished so far. Written by
 * the worker, read by request threads (fields are volatile, the image list synchronized).
 */
public final class Job {

    /** Where a job is; the last four are final. */
    public enum State { QUEUED, RUNNING, DONE, INTERRUPTED, CANCELLED, FAILED }

    /** A finished image: its PNG (parameters chunk included), file, record and run-database id (0 if none). */
    public record Image(byte[] png, Path file, GenerationRecord record, long id) {}

    private final String id;
    private final JobRequest request;
    private final Instant submitted = Instant.now();
    private final CompletableFuture<Job> finished = new CompletableFuture<>();
    private final List<Image> images = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private volatile State state = State.QUEUED;
    private volatile Instant started;
    private volatile Instant ended;
    private volatile String modelName;
    private volatile String error;
    private volatile String stopReason;
    private volatile int stepsDone;
    private volatile int stepsTotal = 1;
    private volatile long firstSeed;
    /** What an evaluation measured. */
    private volatile com.fasterxml.jackson.databind.JsonNode result;
    /** Set when the job starts: past it, the next checkpoint stops the job as timed out. */
    private volatile Instant deadline;
    private volatile String timeoutText;
    /** The final state a requested stop ends the job in. */
    private volatile State stopAs;
    private volatile int failureStatus;

    Job(String id, JobRequest request) {
        this.id = id;
        this.request = request;
        notes.addAll(request.notes());
    }

    public String id() {
        return id;
    }

    public JobRequest request() {
        return request;
    }

    public State state() {
        return state;
    }

    public boolean isFinal() {
        return state != State.QUEUED && state != State.RUNNING;
    }

    public Instant submitted() {
        return submitted;
    }

    public Instant started() {
        return started;
    }

    public Instant ended() {
        return ended;
    }

    /** The model that ran (or will run) the job, once known. */
    public String modelName() {
        return modelName;
    }

    public long firstSeed() {
        return firstSeed;
    }

    /** What an evaluation job measured, or null. */
    public com.fasterxml.jackson.databind.JsonNode result() {
        return result;
    }

    void result(com.fasterxml.jackson.databind.JsonNode measured) {
        result = measured;
    }

    /** Why the job failed, or null. */
    public String error() {
        return error;
    }

    /** Why it was stopped (interrupted, cancelled, timed out), or null. */
    public String stopReason() {
        return stopReason;
    }

    public synchronized List<Image> images() {
        return List.copyOf(images);
    }

    public synchronized List<String> notes() {
        return List.copyOf(notes);
    }

    /** Completes when the job reaches a final state. */
    public CompletableFuture<Job> finished() {
        return finished;
    }

    /** Share of the work done, 0 to 1: network calls done over the calls of all images. */
    public double progress() {
        return switch (state) {
            case QUEUED -> 0;
            case RUNNING -> Math.min(1, stepsDone / (double) Math.max(1, stepsTotal));
            default -> 1;
        };
    }

    public int stepsDone() {
        return stepsDone;
    }

    public int stepsTotal() {
        return stepsTotal;
    }

    /** Seconds left, from the pace so far; 0 before the first step. */
    public double etaSeconds() {
        Instant s = started;
        int done = stepsDone;
        if (s == null || done == 0 || isFinal()) {
            return 0;
        }
        double elapsed = Duration.between(s, Instant.now()).toNanos() / 1e9;
        return elapsed / done * (stepsTotal - done);
    }

    // --- the worker's side ---

    void start(String model, long seed, int totalSteps, Duration timeout) {
        deadline = Instant.now().plus(timeout);
        timeoutText = timeout.toSeconds() + " s";
        modelName = model;
        firstSeed = seed;
        stepsTotal = Math.max(1, totalSteps);
        started = Instant.now();
        state = State.RUNNING;
    }

    void stepDone() {
        stepsDone = Math.min(stepsTotal, stepsDone + 1);
    }

    synchronized void add(Image image) {
        images.add(image);
    }

    synchronized void note(String text) {
        if (!notes.contains(text)) {
            notes.add(text);
        }
    }

    /** Asks the job to stop at its next step; a queued job never starts. */
    void requestStop(State as, String why) {
        if (stopReason == null) {
            stopReason = why;
            stopAs = as;
        }
    }

    /** Throws {@link JobStopped} when a stop was asked for: called by the worker between network calls. */
    void checkpoint() {
        Instant d = deadline;
        if (d != null && Instant.now().isAfter(d)) {
            requestStop(State.FAILED, "timed out after " + timeoutText + " (the server's --job-timeout)");
        }
        if (stopReason != null) {
            throw new JobStopped(stopReason);
        }
    }

    boolean stopRequested() {
        return stopReason != null;
    }

    /** The HTTP status a failure maps to: 422 when the request was at fault, 500 otherwise. */
    public int failureStatus() {
        return failureStatus;
    }

    void failedWith(int status, String why) {
        failureStatus = status;
        end(State.FAILED, why);
    }

    void end(State finalState, String why) {
        if (finalState == State.FAILED) {
            error = why;
        }
        state = finalState;
        ended = Instant.now();
        finished.complete(this);
    }

    /** Ends a job that was asked to stop, in the state the stop asked for. */
    void endStopped() {
        State as = stopAs != null ? stopAs : State.CANCELLED;
        if (as == State.FAILED) {
            failedWith(504, stopReason);
        } else {
            end(as, stopReason);
        }
    }
}
