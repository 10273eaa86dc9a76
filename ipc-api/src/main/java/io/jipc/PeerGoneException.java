package io.jipc;

/** The other side is gone: it closed the channel, its process exited or died, or the connection broke. Messages it sent before leaving were delivered first. */
public class PeerGoneException extends IpcException {
    private static final long serialVersionUID = 1L;

    /**
     * @param endpoint the endpoint concerned, or null when none applies
     * @param message  what failed
     */
    public PeerGoneException(Endpoint endpoint, String message) {
        super(endpoint, message, null);
    }

    /**
     * @param endpoint the endpoint concerned, or null when none applies
     * @param message  what failed
     * @param cause    the underlying failure, or null
     */
    public PeerGoneException(Endpoint endpoint, String message, Throwable cause) {
        super(endpoint, message, cause);
    }
}
