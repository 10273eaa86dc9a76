package io.jipc;

/**
 * The peer's process still lives but it stopped responding: nothing from it, not even a heartbeat, for longer than
 * the channel's {@link IpcOption#LIVENESS_TIMEOUT} (it is stopped, swapped out or wedged). The channel is finished as
 * if the peer were gone; the process is left to its owner to kill.
 */
public class PeerUnresponsiveException extends PeerGoneException {
    private static final long serialVersionUID = 1L;

    /**
     * @param endpoint the endpoint concerned
     * @param message  who went silent and for how long
     */
    public PeerUnresponsiveException(Endpoint endpoint, String message) {
        super(endpoint, message);
    }
}
