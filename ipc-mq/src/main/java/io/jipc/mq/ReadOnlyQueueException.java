package io.jipc.mq;

import io.jipc.Endpoint;

/**
 * The queue's directory cannot be written (a read-only mount or permissions): appends and durable subscriptions,
 * which record their position, are refused; {@link MessageQueue#replay} still reads.
 */
public final class ReadOnlyQueueException extends QueueException {
    private static final long serialVersionUID = 1L;

    /**
     * @param endpoint the queue
     * @param message  what was refused
     */
    public ReadOnlyQueueException(Endpoint endpoint, String message) {
        super(endpoint, message);
    }
}
