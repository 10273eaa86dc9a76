package io.jipc.sync;

import io.jipc.Endpoint;
import io.jipc.IpcException;

/**
 * A release of what the caller does not hold: unlocking an {@link IpcLock} the current thread does not hold, or
 * releasing more {@link IpcSemaphore} permits than this process holds (semaphores are bounded, like Python's
 * {@code BoundedSemaphore}). Nothing was released.
 */
public class NotHeldException extends IpcException {
    private static final long serialVersionUID = 1L;

    /**
     * @param endpoint the endpoint concerned
     * @param message  what was released and what is held
     */
    public NotHeldException(Endpoint endpoint, String message) {
        super(endpoint, message, null);
    }
}
