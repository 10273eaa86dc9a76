package io.jipc;

/** The bytes from the peer break the wire protocol (garbage, an unknown frame type, a truncated frame); the channel is closed. */
public class ProtocolException extends IpcException {
    private static final long serialVersionUID = 1L;

    /**
     * @param endpoint the endpoint concerned, or null when none applies
     * @param message  what failed
     */
    public ProtocolException(Endpoint endpoint, String message) {
        super(endpoint, message, null);
    }

    /**
     * @param endpoint the endpoint concerned, or null when none applies
     * @param message  what failed
     * @param cause    the underlying failure, or null
     */
    public ProtocolException(Endpoint endpoint, String message, Throwable cause) {
        super(endpoint, message, cause);
    }
}
