package io.jipc.cli;

/** A command line that makes no sense; the message says why. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
