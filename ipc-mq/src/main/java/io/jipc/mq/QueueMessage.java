package io.jipc.mq;

import java.time.Instant;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import io.jipc.codec.Codec;

/**
 * One message of a queue as a handler sees it: a zero-copy view of the payload in the mapped queue file, its index
 * and its append time. Valid only during the handler's call (the same object is reused for the next message):
 * copy what must outlive it with {@link #bytes()} or {@link #decode}.
 */
public final class QueueMessage {

    private final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
    private long index;
    private long timestamp;

    QueueMessage() {
    }

    /** Points this view at a payload. */
    void wrap(long address, int length, long messageIndex, long epochMillis) {
        buffer.wrap(address, length);
        index = messageIndex;
        timestamp = epochMillis;
    }

    /** @return the buffer holding the payload, from {@link #offset()} for {@link #length()} bytes */
    public DirectBuffer buffer() {
        return buffer;
    }

    /** @return where the payload starts in {@link #buffer()} (always 0) */
    public int offset() {
        return 0;
    }

    /** @return the payload's length in bytes */
    public int length() {
        return buffer.capacity();
    }

    /**
     * @return the message's index in the queue: increasing along the queue, stable across restarts, usable with
     *     {@link From#index(long)}; Chronicle's index (cycle and sequence number)
     */
    public long index() {
        return index;
    }

    /**
     * @return when the message was appended, in epoch milliseconds (never decreasing along one producer's messages;
     *     racing producers may differ by microseconds)
     */
    public long timestamp() {
        return timestamp;
    }

    /** @return when the message was appended */
    public Instant time() {
        return Instant.ofEpochMilli(timestamp);
    }

    /** @return a copy of the payload */
    public byte[] bytes() {
        byte[] copy = new byte[buffer.capacity()];
        buffer.getBytes(0, copy);
        return copy;
    }

    /** @return the payload decoded by {@code codec} */
    public <T> T decode(Codec<T> codec) {
        return codec.decode(buffer, 0, buffer.capacity());
    }

    @Override
    public String toString() {
        return "QueueMessage[index=0x" + Long.toHexString(index) + ", length=" + length() + ", time=" + time() + "]";
    }
}
