package dev.genlab.server;

/** Thrown inside a job's generation when it is interrupted, cancelled or out of time, to leave the model. */
final class JobStopped extends RuntimeException {

    JobStopped(String why) {
        super(why, null, false, false);
    }
}
