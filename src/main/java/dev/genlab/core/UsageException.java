package dev.genlab.core;

/**
 * A value given on the command line is out of range or not allowed (the message names the option and the
 * valid values); the CLI exits with 2, as for any other usage error, rather than 1.
 */
public class UsageException extends GenlabException {

    public UsageException(String message) {
        super(message);
    }
}
