package io.jipc;

/**
 * Root of jipc's exceptions: every failure names the endpoint it concerns, when there is one.
 * Unchecked, like {@link java.io.UncheckedIOException}: a caller handles the specific subclasses it cares about.
 */
public class IpcException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Endpoint endpoint;

    /**
     * @param endpoint the endpoint concerned, or null when none applies
     * @param message  what failed
     * @param cause    the underlying failure, or null
     */
    public IpcException(Endpoint endpoint, String message, Throwable cause) {
        super(endpoint == null ? message : endpoint + ": " + message, cause);
        this.endpoint = endpoint;
    }

    /**
     * @param endpoint the endpoint concerned, or null when none applies
     * @param message  what failed
     */
    public IpcException(Endpoint endpoint, String message) {
        this(endpoint, message, null);
    }

    /** @return the endpoint this failure concerns, or null when none applies */
    public Endpoint endpoint() {
        return endpoint;
    }
}
