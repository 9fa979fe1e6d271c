package dev.genlab.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A bounded queue of jobs and the one worker thread that runs them in order. One worker because the engine's
 * threads already use every core for one model call, and because one loaded model is all the memory holds.
 * Finished jobs are kept for a while (the last {@link #KEEP_FINISHED}) so that clients can fetch their results.
 */
public final class JobQueue implements AutoCloseable {

    static final int KEEP_FINISHED = 200;

    private final int capacity;
    private final LinkedBlockingQueue<Job> waiting;
    private final Consumer<Job> runner;
    private final Thread worker;
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private volatile Job current;
    private volatile boolean closing;
    /** Mean seconds of the jobs finished so far, for Retry-After and queue ETAs. */
    private double meanSeconds = 1;
    private long finishedCount;

    /** @param runner runs one job to a final state (it must end the job, whatever happens) */
    public JobQueue(int capacity, Consumer<Job> runner) {
        this.capacity = capacity;
        this.waiting = new LinkedBlockingQueue<>(capacity);
        this.runner = runner;
        this.worker = new Thread(this::work, "genlab-worker");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /** Queues a request; throws {@link QueueFull} when {@code capacity} jobs already wait. */
    public Job submit(JobRequest request) {
        return submit(request, job -> { });
    }

    /**
     * Queues a request, first handing its job to {@code register} (an API that must know the job before the
     * worker can start it and report on it).
     */
    public Job submit(JobRequest request, java.util.function.Consumer<Job> register) {
        if (closing) {
            throw new ApiError(503, "the server is shutting down");
        }
        Job job = new Job(Long.toString(ids.incrementAndGet()), request);
        register.accept(job);
        synchronized (this) {
            if (!waiting.offer(job)) {
                throw new QueueFull(capacity, retryAfterSeconds());
            }
            jobs.put(job.id(), job);
            trim();
        }
        return job;
    }

    public synchronized Optional<Job> find(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    /** The job running now, or null. */
    public Job current() {
        return current;
    }

    public int waitingCount() {
        return waiting.size();
    }

    public int capacity() {
        return capacity;
    }

    /** Jobs still to run, in order. */
    public List<Job> queued() {
        return new ArrayList<>(waiting);
    }

    /** Jobs known, oldest first: queued, running and the recently finished. */
    public synchronized List<Job> all() {
        return new ArrayList<>(jobs.values());
    }

    /** Stops the running job at its next step (A1111's interrupt: the images finished so far are kept). */
    public boolean interruptCurrent() {
        Job j = current;
        if (j == null) {
            return false;
        }
        j.requestStop(Job.State.INTERRUPTED, "interrupted");
        return true;
    }

    /** Cancels a queued or running job; false when it had already finished or is unknown. */
    public boolean cancel(String id) {
        Job j = find(id).orElse(null);
        if (j == null || j.isFinal()) {
            return false;
        }
        j.requestStop(Job.State.CANCELLED, "cancelled");
        if (waiting.remove(j)) {
            j.endStopped();
        }
        return true;
    }

    /** Seconds until a place in the queue frees, from the mean job time (at least 1). */
    public synchronized long retryAfterSeconds() {
        return Math.max(1, Math.round(meanSeconds));
    }

    private void work() {
        while (!closing) {
            Job job;
            try {
                job = waiting.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (job == null) {
                continue;
            }
            if (job.stopRequested()) {
                job.endStopped();
                continue;
            }
            current = job;
            long t0 = System.nanoTime();
            try {
                runner.accept(job);
            } catch (RuntimeException | Error e) {
                if (!job.isFinal()) {
                    job.end(Job.State.FAILED, "internal error: " + e);
                }
            } finally {
                current = null;
                finishedOne((System.nanoTime() - t0) / 1e9);
            }
        }
    }

    private synchronized void finishedOne(double seconds) {
        finishedCount++;
        meanSeconds += (seconds - meanSeconds) / Math.min(finishedCount, 20);
        trim();
    }

    /** Forgets the oldest finished jobs beyond {@link #KEEP_FINISHED}. */
    private void trim() {
        long finished = jobs.values().stream().filter(Job::isFinal).count();
        var it = jobs.values().iterator();
        while (finished > KEEP_FINISHED && it.hasNext()) {
            if (it.next().isFinal()) {
                it.remove();
                finished--;
            }
        }
    }

    /** Cancels what waits, stops what runs, and waits for the worker (at most {@code wait}). */
    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    public void close(Duration wait) {
        closing = true;
        List<Job> left = new ArrayList<>();
        waiting.drainTo(left);
        for (Job j : left) {
            j.requestStop(Job.State.CANCELLED, "the server shut down");
            j.endStopped();
        }
        Job running = current;
        if (running != null) {
            running.requestStop(Job.State.CANCELLED, "the server shut down");
        }
        try {
            worker.join(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
