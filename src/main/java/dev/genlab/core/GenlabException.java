package dev.genlab.core;

/**
 * A problem the user can fix. Its message is one line that names the problem and the fix; the CLI prints
 * it as is, without a stack trace. Messages often quote text from a file (a tensor's name, a pickle's global),
 * so control characters in them are escaped here: a damaged file can neither break the line nor send escape
 * sequences to the user's terminal.
 */
public class GenlabException extends RuntimeException {

    /** Longer than any message genlab writes; text quoted from a file is cut where it is quoted. */
    private static final int MAX_LENGTH = 4000;

    public GenlabException(String message) {
        super(Printable.of(message, MAX_LENGTH));
    }

    public GenlabException(String message, Throwable cause) {
        super(Printable.of(message, MAX_LENGTH), cause);
    }
}
