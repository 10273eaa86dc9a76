package io.jipc.mq;

import io.jipc.Endpoint;

/**
 * An append was refused because the queue's file system has less free space than the queue's reserve
 * ({@code minFreeSpace}), or the disk filled up under it. Nothing of the refused message was written; what was
 * written before stays intact. Free space, or raise nothing: the next append checks again.
 */
public final class DiskFullException extends QueueException {
    private static final long serialVersionUID = 1L;

    /**
     * @param endpoint the queue
     * @param message  what was refused and how much space is left
     * @param cause    the underlying failure, or null
     */
    public DiskFullException(Endpoint endpoint, String message, Throwable cause) {
        super(endpoint, message, cause);
    }
}
