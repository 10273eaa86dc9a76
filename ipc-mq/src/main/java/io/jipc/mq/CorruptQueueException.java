package io.jipc.mq;

import io.jipc.Endpoint;

/**
 * The queue directory holds a file that is not what it should be (a foreign file, a damaged header, a message whose
 * checksum does not match): the message names the file or the message index. Nothing is repaired or deleted.
 */
public final class CorruptQueueException extends QueueException {
    private static final long serialVersionUID = 1L;

    /**
     * @param endpoint the queue
     * @param message  which file or message is wrong, and how
     */
    public CorruptQueueException(Endpoint endpoint, String message) {
        super(endpoint, message);
    }
}
