package io.jipc;

/** The peer's handshake was wrong: another program's output, another protocol, another version, or failed authentication. */
public class HandshakeException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    /**
     * @param endpoint the endpoint concerned, or null when none applies
     * @param message  what failed
     */
    public HandshakeException(Endpoint endpoint, String message) {
        super(endpoint, message, null);
    }

    /**
     * @param endpoint the endpoint concerned, or null when none applies
     * @param message  what failed
     * @param cause    the underlying failure, or null
     */
    public HandshakeException(Endpoint endpoint, String message, Throwable cause) {
        super(endpoint, message, cause);
    }
}
