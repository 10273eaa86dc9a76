package io.jipc.mq;

import io.jipc.Endpoint;
import io.jipc.IpcException;

/** A queue operation failed: the message names the queue's endpoint and what failed. */
public class QueueException extends IpcException {
    private static final long serialVersionUID = 1L;

    /**
     * @param endpoint the queue
     * @param message  what failed
     * @param cause    the underlying failure, or null
     */
    public QueueException(Endpoint endpoint, String message, Throwable cause) {
        super(endpoint, message, cause);
    }

    /**
     * @param endpoint the queue
     * @param message  what failed
     */
    public QueueException(Endpoint endpoint, String message) {
        super(endpoint, message, null);
    }
}
