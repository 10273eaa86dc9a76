package io.jipc;

/** The channel was closed on this side: no more sending or receiving through it. */
public class ChannelClosedException extends IpcException {
    private static final long serialVersionUID = 1L;

    /**
     * @param endpoint the endpoint concerned, or null when none applies
     * @param message  what failed
     */
    public ChannelClosedException(Endpoint endpoint, String message) {
        super(endpoint, message, null);
    }

    /**
     * @param endpoint the endpoint concerned, or null when none applies
     * @param message  what failed
     * @param cause    the underlying failure, or null
     */
    public ChannelClosedException(Endpoint endpoint, String message, Throwable cause) {
        super(endpoint, message, cause);
    }
}
