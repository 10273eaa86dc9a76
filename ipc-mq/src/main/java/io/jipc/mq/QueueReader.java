package io.jipc.mq;

import java.time.Duration;
import java.util.function.Consumer;

import io.jipc.IpcInterruptedException;
import io.jipc.IpcTimeoutException;
import io.jipc.Waitable;

/**
 * Reads a queue in order. A {@link Subscription} remembers what it acknowledged; a replay
 * ({@link MessageQueue#replay}) does not.
 * <p>
 * A handler that throws: its message is not consumed and comes again at the next poll; the exception leaves
 * {@code poll} as it is. One thread at a time; {@link #close()} from the reading thread.
 *
 * @param <T> what handlers receive: a {@link QueueMessage} view, or values decoded by a codec
 */
public interface QueueReader<T> extends Waitable, AutoCloseable {

    /**
     * Hands up to {@code limit} waiting messages to {@code handler}, without blocking.
     *
     * @return how many were handled, 0 when none was waiting
     * @throws CorruptQueueException for a message that is not jipc's or whose checksum does not match
     * @throws QueueException when the reader is closed
     */
    int poll(Consumer<? super T> handler, int limit);

    /**
     * Waits up to {@code timeout} for at least one message, then hands up to {@code limit} to {@code handler}.
     *
     * @return how many were handled, at least 1
     * @throws IpcTimeoutException when none came in time
     * @throws IpcInterruptedException when the thread was interrupted (its status is set again)
     */
    int receive(Consumer<? super T> handler, int limit, Duration timeout);

    /** @return the index of the last message handed to a handler that returned, or -1 before the first */
    long lastIndex();

    /** Releases the reader. Idempotent. */
    @Override
    void close();
}
