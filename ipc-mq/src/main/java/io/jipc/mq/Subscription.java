package io.jipc.mq;

import java.util.function.Consumer;

/**
 * A named, durable reader of a queue: its position is kept on disk and it resumes after a restart (or a crash)
 * from the first message it had not acknowledged. At-least-once: a message is acknowledged when its handler returns
 * ({@link #poll}) or when the whole batch was handled ({@link #pollBatch}); after a crash, what was handed out but
 * not acknowledged comes again, so the duplicates after a crash are at most the unacknowledged message or batch.
 * <p>
 * Two kinds ({@link MessageQueue#subscribe} and {@link MessageQueue#subscribeShared}): a subscription of its own
 * sees every message (broadcast: each subscription has its own position), one process at a time; a shared
 * subscription's members, in any number of processes, split the messages between them, each message handled by one
 * member, and a member that dies gives its unacknowledged messages back to the group.
 *
 * @param <T> what handlers receive: a {@link QueueMessage} view, or values decoded by a codec
 */
public interface Subscription<T> extends QueueReader<T> {

    /** @return the subscription's (or group's) name */
    String name();

    /**
     * Like {@link #poll}, but acknowledges the messages together, once, after the last handler returned (cheaper;
     * a crash mid-batch brings the whole batch again). A handler that throws: the messages before it are
     * acknowledged, its own comes again.
     *
     * @return how many were handled
     */
    int pollBatch(Consumer<? super T> handler, int limit);

    /** @return the index of the last message acknowledged (by this member, for a shared one), or -1 when none */
    long acknowledgedIndex();
}
