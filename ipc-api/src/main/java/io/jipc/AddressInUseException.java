package io.jipc;

/** Binding an address that a live process already owns. */
public class AddressInUseException extends IpcException {
    private static final long serialVersionUID = 1L;

    /**
     * @param endpoint the endpoint concerned, or null when none applies
     * @param message  what failed
     */
    public AddressInUseException(Endpoint endpoint, String message) {
        super(endpoint, message, null);
    }

    /**
     * @param endpoint the endpoint concerned, or null when none applies
     * @param message  what failed
     * @param cause    the underlying failure, or null
     */
    public AddressInUseException(Endpoint endpoint, String message, Throwable cause) {
        super(endpoint, message, cause);
    }
}
