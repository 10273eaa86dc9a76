package io.jipc.manager;

import io.jipc.Endpoint;
import io.jipc.IpcException;

/**
 * A manager refused a request: no object of that name and kind, an interface it has no implementation of, an object
 * that was removed, an interface that differs between client and manager. Names the object and the endpoint.
 */
public class ManagerException extends IpcException {
    private static final long serialVersionUID = 1L;

    /**
     * @param endpoint the manager's endpoint, or null
     * @param message  what failed
     * @param cause    the underlying failure, or null
     */
    public ManagerException(Endpoint endpoint, String message, Throwable cause) {
        super(endpoint, message, cause);
    }
}
