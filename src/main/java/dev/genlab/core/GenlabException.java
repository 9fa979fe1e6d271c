package dev.genlab.core;

/**
 * A problem the user can fix. Its message is one line that names the problem and the fix; the CLI prints
 * it as is, without a stack trace.
 */
public class GenlabException extends RuntimeException {

    public GenlabException(String message) {
        super(message);
    }

    public GenlabException(String message, Throwable cause) {
        super(message, cause);
    }
}
