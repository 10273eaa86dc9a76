package io.jipc.pool;

import io.jipc.IpcException;

/** Root of the pool's failures: a task that failed, timed out, or lost its worker; a worker that could not start. */
public class PoolException extends IpcException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed
     * @param cause   the underlying failure, or null
     */
    public PoolException(String message, Throwable cause) {
        super(null, message, cause);
    }
}
