package io.jipc.mq;

import io.jipc.Endpoint;

/**
 * A durable subscription is read by one process at a time, and another live process owns this one: the message
 * names the owner's pid. Two readers of one name would both get nearly every message and move the saved position
 * past messages neither acknowledged.
 */
public final class SubscriptionOwnedException extends QueueException {
    private static final long serialVersionUID = 1L;

    private final long ownerPid;

    /**
     * @param endpoint the queue
     * @param message  which subscription and who owns it
     * @param ownerPid the owner's process id, or 0 when unknown
     */
    public SubscriptionOwnedException(Endpoint endpoint, String message, long ownerPid) {
        super(endpoint, message);
        this.ownerPid = ownerPid;
    }

    /** @return the owning process's id, or 0 when it could not be read */
    public long ownerPid() {
        return ownerPid;
    }
}
