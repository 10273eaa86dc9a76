package io.jipc.codec;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.agrona.AbstractMutableDirectBuffer;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;

import io.jipc.Endpoint;
import io.jipc.FrameTooLargeException;

/**
 * An expandable heap buffer that refuses to grow past a limit: a codec writing a value larger than the channel's
 * largest message fails at the first byte past it, with {@link FrameTooLargeException}, instead of encoding all of
 * it first. Not thread-safe; cannot wrap other memory.
 */
final class LimitedBuffer extends AbstractMutableDirectBuffer {

    private final Endpoint endpoint;
    private final int limit;

    /**
     * @param endpoint names the channel in the error
     * @param initial  first capacity in bytes
     * @param limit    the largest length that may be written (the channel's largest message)
     */
    LimitedBuffer(Endpoint endpoint, int initial, int limit) {
        this.endpoint = endpoint;
        this.limit = limit;
        this.byteArray = new byte[Math.min(initial, limit)];
        this.capacity = byteArray.length;
        this.addressOffset = BufferUtil.ARRAY_BASE_OFFSET;
    }

    @Override
    protected void ensureCapacity(int index, int length) {
        if (index < 0 || length < 0) {
            throw new IndexOutOfBoundsException("negative index " + index + " or length " + length);
        }
        long end = (long) index + length;
        if (end > capacity) {
            if (end > limit) {
                throw new FrameTooLargeException(endpoint, "the value encodes to more than " + limit
                    + " bytes, the largest message this channel carries (encoding stopped there)");
            }
            int grown = (int) Math.min(limit, Math.max(end, capacity + (capacity >> 1) + 64L));
            byteArray = Arrays.copyOf(byteArray, grown);
            capacity = grown;
        }
    }

    @Override
    public void checkLimit(int limitToCheck) {
        ensureCapacity(limitToCheck, 0);
    }

    @Override
    public boolean isExpandable() {
        return true;
    }

    @Override
    public ByteBuffer byteBuffer() {
        return null;
    }

    @Override
    public int wrapAdjustment() {
        return 0;
    }

    @Override
    public void wrap(byte[] buffer) {
        throw new UnsupportedOperationException("a LimitedBuffer owns its array");
    }

    @Override
    public void wrap(byte[] buffer, int offset, int length) {
        throw new UnsupportedOperationException("a LimitedBuffer owns its array");
    }

    @Override
    public void wrap(ByteBuffer buffer) {
        throw new UnsupportedOperationException("a LimitedBuffer owns its array");
    }

    @Override
    public void wrap(ByteBuffer buffer, int offset, int length) {
        throw new UnsupportedOperationException("a LimitedBuffer owns its array");
    }

    @Override
    public void wrap(DirectBuffer buffer) {
        throw new UnsupportedOperationException("a LimitedBuffer owns its array");
    }

    @Override
    public void wrap(DirectBuffer buffer, int offset, int length) {
        throw new UnsupportedOperationException("a LimitedBuffer owns its array");
    }

    @Override
    public void wrap(long address, int length) {
        throw new UnsupportedOperationException("a LimitedBuffer owns its array");
    }

    @Override
    public String toString() {
        return "LimitedBuffer{capacity=" + capacity + ", limit=" + limit + "}";
    }
}
