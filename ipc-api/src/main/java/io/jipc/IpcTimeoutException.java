package io.jipc;

/** A blocking call ran out of time before it could complete; the channel stays usable. */
public class IpcTimeoutException extends IpcException {
    private static final long serialVersionUID = 1L;

    /**
     * @param endpoint the endpoint concerned, or null when none applies
     * @param message  what failed
     */
    public IpcTimeoutException(Endpoint endpoint, String message) {
        super(endpoint, message, null);
    }

    /**
     * @param endpoint the endpoint concerned, or null when none applies
     * @param message  what failed
     * @param cause    the underlying failure, or null
     */
    public IpcTimeoutException(Endpoint endpoint, String message, Throwable cause) {
        super(endpoint, message, cause);
    }
}
