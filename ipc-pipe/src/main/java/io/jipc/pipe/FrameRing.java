package io.jipc.pipe;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A single-producer, single-consumer ring of bytes that are already the wire format: each offer appends one frame
 * (length header, then payload), and the consumer writes whole ranges of the ring to the stream as they are.
 * <p>
 * Why not Agrona's record ring buffers: their 8-byte record headers sit between the messages, so every message
 * would have to be copied out again, one call per record, to become a stream; here a write of 64 KiB of small
 * frames is one copy into the kernel. Positions only grow; the producer publishes {@code tail} and the consumer
 * {@code head} with release stores, each reads the other's with an acquire load.
 * <pre>
 *   head (consumer)                tail (producer)
 *   v                              v
 * ..|len|payload|len|payload|len|pa|...free...|..   indices are positions modulo capacity; a frame may wrap
 * </pre>
 */
final class FrameRing {

    private static final VarHandle HEAD;
    private static final VarHandle TAIL;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            HEAD = lookup.findVarHandle(FrameRing.class, "head", long.class);
            TAIL = lookup.findVarHandle(FrameRing.class, "tail", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final byte[] bytes;
    private final UnsafeBuffer view;
    private final int mask;
    /** Consumer's position; written by the consumer only. */
    @SuppressWarnings("unused")
    private volatile long head;
    /** Producer's position; written by the producer only. */
    @SuppressWarnings("unused")
    private volatile long tail;
    /** Producer's last look at {@code head}. */
    private long headCache;

    /** @param capacity a power of two */
    FrameRing(int capacity) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        bytes = new byte[capacity];
        view = new UnsafeBuffer(bytes);
        mask = capacity - 1;
    }

    int capacity() {
        return bytes.length;
    }

    /** @return the producer's position (producer thread, or any thread for a hint) */
    long tail() {
        return (long) TAIL.getAcquire(this);
    }

    /** @return the consumer's position */
    long head() {
        return (long) HEAD.getAcquire(this);
    }

    /**
     * Appends one frame: a little-endian length, then the message. Producer thread only.
     *
     * @return false when the ring has no room for it
     */
    boolean offer(DirectBuffer buffer, int offset, int length) {
        int frame = PipeProtocol.HEADER_LENGTH + length;
        long position = (long) TAIL.getOpaque(this);
        if (position + frame - headCache > bytes.length) {
            headCache = (long) HEAD.getAcquire(this);
            if (position + frame - headCache > bytes.length) {
                return false;
            }
        }
        int index = (int) position & mask;
        if (index + PipeProtocol.HEADER_LENGTH <= bytes.length) {
            view.putInt(index, length, PipeProtocol.ORDER);
        } else {
            for (int i = 0; i < PipeProtocol.HEADER_LENGTH; i++) {
                bytes[(index + i) & mask] = (byte) (length >>> (8 * i));
            }
        }
        int payload = (index + PipeProtocol.HEADER_LENGTH) & mask;
        int first = Math.min(length, bytes.length - payload);
        buffer.getBytes(offset, bytes, payload, first);
        if (first < length) {
            buffer.getBytes(offset + first, bytes, 0, length - first);
        }
        TAIL.setRelease(this, position + frame);
        return true;
    }

    /** Sink of a range of ring bytes. */
    @FunctionalInterface
    interface Sink {
        void write(byte[] bytes, int offset, int length) throws java.io.IOException;
    }

    /**
     * Hands the bytes from {@code head} up to {@code limit} to {@code sink} (two calls when the range wraps), then
     * frees them. Consumer only.
     *
     * @return the number of bytes written
     */
    long drainTo(Sink sink, long limit) throws java.io.IOException {
        long from = (long) HEAD.getOpaque(this);
        long count = limit - from;
        if (count <= 0) {
            return 0;
        }
        int index = (int) from & mask;
        int first = (int) Math.min(count, bytes.length - index);
        sink.write(bytes, index, first);
        if (first < count) {
            sink.write(bytes, 0, (int) (count - first));
        }
        HEAD.setRelease(this, limit);
        return count;
    }
}
