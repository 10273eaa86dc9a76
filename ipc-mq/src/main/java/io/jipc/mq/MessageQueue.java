package io.jipc.mq;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import io.jipc.Endpoint;
import io.jipc.EndpointException;
import io.jipc.codec.Codec;

/**
 * A persistent queue in a directory, on Chronicle Queue: messages outlive every process.
 * <pre>{@code
 * try (MessageQueue q = MessageQueue.open("mq:/var/lib/demo/jobs")) {
 *     q.append(jobCodec, new Job(1, "resize"));                       // from any number of processes
 *     try (Subscription<Job> s = q.subscribe("resizers", jobCodec)) {  // durable: position kept on disk
 *         s.poll(job -> resize(job), 100);                           // acknowledged when the handler returns
 *     }
 * }
 * }</pre>
 * Any number of processes append at once; each message gets an {@linkplain QueueMessage#index() index} and a
 * {@linkplain QueueMessage#timestamp() time}. Appending never blocks on readers: the queue grows on disk (no
 * back-pressure) until retention deletes old cycle files, never one a subscription still needs. Readers:
 * <ul>
 *   <li>{@link #subscribe}: a durable subscription of its own (broadcast: every subscription sees every message),
 *       owned by one process at a time;</li>
 *   <li>{@link #subscribeShared}: a member of a group whose members, in any number of processes, share the
 *       messages (competing consumers); a member that dies gives its unacknowledged messages back;</li>
 *   <li>{@link #replay}: from the start, an index or a point in time, remembering nothing.</li>
 * </ul>
 * Endpoint parameters: {@code rollCycle} (a new queue's cycle length: {@code daily} by default, {@code hourly}, ...),
 * {@code retention} (e.g. {@code 7d}; default: keep everything), {@code minFreeSpace} (appends are refused below
 * it, default 64m). A read-only directory opens for replay only. Thread-safe; readers are confined to one thread each.
 */
public final class MessageQueue implements AutoCloseable {

    private final QueueStore store;
    private final Object encodeLock = new Object();
    private final ExpandableArrayBuffer encoded = new ExpandableArrayBuffer(256);
    private volatile Appender appender;
    private volatile boolean closed;

    private MessageQueue(QueueStore store) {
        this.store = store;
    }

    /**
     * Opens the queue in a directory, creating it when absent.
     *
     * @param uri {@code mq:/path/to/dir}, optionally with {@code ?rollCycle=hourly&retention=7d&minFreeSpace=256m}
     * @throws EndpointException for a malformed URI or an unknown parameter
     * @throws CorruptQueueException for a foreign or damaged file in the directory (nothing is changed)
     * @throws QueueException when the directory cannot be opened, or the JVM lacks Chronicle's options
     */
    public static MessageQueue open(String uri) {
        return open(Endpoint.parse(uri));
    }

    /** Opens the queue of an endpoint. @see #open(String) */
    public static MessageQueue open(Endpoint endpoint) {
        if (!endpoint.scheme().equals(MqTransport.SCHEME)) {
            throw new EndpointException(endpoint, "a message queue's endpoint is mq:/path, not " + endpoint.scheme() + ":");
        }
        QueueStore store = QueueStore.open(endpoint, MqSettings.of(endpoint));
        MessageQueue queue = new MessageQueue(store);
        try {
            Retention.apply(store);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return queue;
    }

    /** @return the queue's endpoint */
    public Endpoint endpoint() {
        return store.endpoint;
    }

    /** @return the queue's directory */
    public Path directory() {
        return store.directory.path();
    }

    /** @return true when the directory is read-only: {@link #replay} works, appends and subscriptions are refused */
    public boolean isReadOnly() {
        return store.readOnly;
    }

    /** @return the largest payload an append accepts, in bytes */
    public int maxMessageLength() {
        return Appender.MAX_MESSAGE_LENGTH;
    }

    /**
     * Appends a message. When this returns the message is in the mapped queue file: it survives this process's
     * crash (not a power loss before the OS writes it back).
     *
     * @return the message's index
     * @throws io.jipc.FrameTooLargeException over {@link #maxMessageLength()}
     * @throws DiskFullException below the free-space reserve or when the disk filled up (nothing was written)
     * @throws ReadOnlyQueueException for a read-only directory
     */
    public long append(DirectBuffer buffer, int offset, int length) {
        return appender().append(MessageHeader.KIND_MESSAGE, buffer, offset, length);
    }

    /** Appends a message. @see #append(DirectBuffer, int, int) */
    public long append(byte[] message) {
        return append(new UnsafeBuffer(message), 0, message.length);
    }

    /** Appends a value encoded by {@code codec}. @see #append(DirectBuffer, int, int) */
    public <T> long append(Codec<T> codec, T value) {
        synchronized (encodeLock) {
            int length = codec.encode(value, encoded, 0);
            return append(encoded, 0, length);
        }
    }

    /**
     * Opens the durable subscription {@code name}; a new one starts at the start of the queue.
     *
     * @throws SubscriptionOwnedException when another process (or another reader here) owns the name
     * @see #subscribe(String, From)
     */
    public Subscription<QueueMessage> subscribe(String name) {
        return subscribe(name, From.start());
    }

    /**
     * Opens the durable subscription {@code name}: it resumes after the last message it acknowledged; a new one
     * starts at {@code from} ({@link From#end()}: only messages appended from now on).
     *
     * @throws SubscriptionOwnedException when another process (or another reader here) owns the name
     * @throws ReadOnlyQueueException for a read-only directory (a subscription records its position)
     */
    public Subscription<QueueMessage> subscribe(String name, From from) {
        return new DurableSubscription<>(store(), Names.check(store.endpoint, name, "subscription"), from, Function.identity());
    }

    /** Opens the durable subscription {@code name}, decoding with {@code codec}. @see #subscribe(String, From) */
    public <T> Subscription<T> subscribe(String name, Codec<T> codec) {
        return new DurableSubscription<>(store(), Names.check(store.endpoint, name, "subscription"), From.start(), decoder(codec));
    }

    /**
     * Joins the group {@code group}: its members, in any number of processes, share the messages, each handled by
     * one member; a new group starts at the start of the queue.
     *
     * @throws ReadOnlyQueueException for a read-only directory
     */
    public Subscription<QueueMessage> subscribeShared(String group) {
        return subscribeShared(group, From.start());
    }

    /** Joins {@code group}; a new group starts at {@code from}. @see #subscribeShared(String) */
    public Subscription<QueueMessage> subscribeShared(String group, From from) {
        return new SharedSubscription<>(store(), Names.check(store.endpoint, group, "group"), from, Function.identity());
    }

    /** Joins {@code group}, decoding with {@code codec}. @see #subscribeShared(String) */
    public <T> Subscription<T> subscribeShared(String group, Codec<T> codec) {
        return new SharedSubscription<>(store(), Names.check(store.endpoint, group, "group"), From.start(), decoder(codec));
    }

    /** Reads from {@code from} on, remembering nothing (works on a read-only directory). */
    public QueueReader<QueueMessage> replay(From from) {
        return new Replay<>(store(), Objects.requireNonNull(from, "from"), Function.identity());
    }

    /** Reads from {@code from} on, decoding with {@code codec}. @see #replay(From) */
    public <T> QueueReader<T> replay(From from, Codec<T> codec) {
        return new Replay<>(store(), Objects.requireNonNull(from, "from"), decoder(codec));
    }

    /** @return the index of the newest message, or -1 when the queue is empty */
    public long lastIndex() {
        long last = store().queue.lastIndex();
        return last < 0 ? -1 : last;
    }

    /** @return the index of the oldest message kept, or -1 when the queue is empty */
    public long firstIndex() {
        long first = store().queue.firstIndex();
        return first == Long.MAX_VALUE ? -1 : first;
    }

    /**
     * Deletes the cycle files past the retention that no subscription or group needs any more. Runs by itself when
     * the queue opens and when an append starts a new cycle.
     *
     * @return how many cycle files were deleted
     */
    public int applyRetention() {
        return Retention.apply(store());
    }

    private static <T> Function<QueueMessage, T> decoder(Codec<T> codec) {
        Objects.requireNonNull(codec, "codec");
        return message -> message.decode(codec);
    }

    /** The open store, for {@link QueueInspection} (package-private: not API). */
    QueueStore store() {
        if (closed) {
            throw new QueueException(store.endpoint, "the queue is closed");
        }
        return store;
    }

    private Appender appender() {
        Appender a = appender;
        if (a == null) {
            synchronized (this) {
                a = appender;
                if (a == null) {
                    a = new Appender(store(), () -> Retention.apply(store));
                    appender = a;
                }
            }
        }
        return a;
    }

    /** Closes the queue (its readers must be closed first). Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (appender != null) {
                appender.close();
            }
        }
        store.close();
    }

    @Override
    public String toString() {
        return "MessageQueue[" + store.endpoint + "]";
    }
}
