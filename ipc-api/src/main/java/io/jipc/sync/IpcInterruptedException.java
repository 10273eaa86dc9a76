package io.jipc.sync;

import io.jipc.Endpoint;
import io.jipc.IpcException;

/**
 * A thread waiting for a lock or permits was interrupted; it acquired nothing. The thread's interrupt status is
 * set again when this is thrown, so code further up still sees it.
 */
public class IpcInterruptedException extends IpcException {
    private static final long serialVersionUID = 1L;

    /**
     * @param endpoint the endpoint concerned
     * @param message  what was being waited for
     */
    public IpcInterruptedException(Endpoint endpoint, String message) {
        super(endpoint, message, null);
    }
}
