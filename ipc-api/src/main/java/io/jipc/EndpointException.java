package io.jipc;

/** An endpoint URI that is malformed, has an unknown scheme or an unknown or invalid query parameter. */
public class EndpointException extends IpcException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong with the URI, and what is supported */
    public EndpointException(String message) {
        super(null, message, null);
    }

    /**
     * @param endpoint the endpoint concerned
     * @param message  what is wrong with it, and what is supported
     */
    public EndpointException(Endpoint endpoint, String message) {
        super(endpoint, message, null);
    }
}
