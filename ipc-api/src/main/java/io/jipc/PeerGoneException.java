package io.jipc;

import io.jipc.internal.jfr.Jfr;

/**
 * The other side is gone: it closed the channel, its process exited or died, or the connection broke. Messages it
 * sent before leaving were delivered first. Each one made is recorded as a JFR event {@code io.jipc.PeerGone}.
 */
public class PeerGoneException extends IpcException {
    private static final long serialVersionUID = 1L;

    /**
     * @param endpoint the endpoint concerned, or null when none applies
     * @param message  what failed
     */
    public PeerGoneException(Endpoint endpoint, String message) {
        super(endpoint, message, null);
        Jfr.peerGone(endpoint, message);
    }

    /**
     * @param endpoint the endpoint concerned, or null when none applies
     * @param message  what failed
     * @param cause    the underlying failure, or null
     */
    public PeerGoneException(Endpoint endpoint, String message, Throwable cause) {
        super(endpoint, message, cause);
        Jfr.peerGone(endpoint, message);
    }
}
