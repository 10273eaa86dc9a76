package io.jipc;

/** A message longer than the channel's maximum: refused before sending, or announced by a frame header and refused before any allocation (the channel is then closed, since the stream cannot be resynchronised). */
public class FrameTooLargeException extends IpcException {
    private static final long serialVersionUID = 1L;

    /**
     * @param endpoint the endpoint concerned, or null when none applies
     * @param message  what failed
     */
    public FrameTooLargeException(Endpoint endpoint, String message) {
        super(endpoint, message, null);
    }

    /**
     * @param endpoint the endpoint concerned, or null when none applies
     * @param message  what failed
     * @param cause    the underlying failure, or null
     */
    public FrameTooLargeException(Endpoint endpoint, String message, Throwable cause) {
        super(endpoint, message, cause);
    }
}
