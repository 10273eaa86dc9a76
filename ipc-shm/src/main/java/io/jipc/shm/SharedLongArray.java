package io.jipc.shm;

import org.agrona.concurrent.AtomicBuffer;

import io.jipc.shm.SegmentDescriptor.ElementType;

/**
 * A fixed-length array of longs shared by the processes of one machine, like Python's
 * {@code multiprocessing.Array('q', n)}. {@link #get}/{@link #set} are volatile, the {@code Plain} variants plain
 * (under a lock), {@link #addAndGet} and {@link #compareAndSet} atomic. Thread-safe; not to be used after
 * {@link #close()}. An index out of range throws {@link IndexOutOfBoundsException}.
 */
public final class SharedLongArray implements AutoCloseable {

    private final Segment segment;
    private final AtomicBuffer buffer;
    private final int length;

    private SharedLongArray(Segment segment) {
        this.segment = segment;
        this.buffer = segment.buffer();
        this.length = segment.size() / Long.BYTES;
    }

    /**
     * Opens the array, creating it (all zeros) on first open.
     *
     * @throws ShmFileException when it exists with another length or type
     */
    public static SharedLongArray open(String uri, int length) {
        return new SharedLongArray(Segment.openOrCreate(Segment.endpoint(uri), ElementType.LONG, length, true));
    }

    /** Removes the array's file. @see Segment#unlink(String) */
    public static void unlink(String uri) {
        Segment.unlink(uri);
    }

    /** @return the number of elements */
    public int length() {
        return length;
    }

    /**
     * @return element {@code index} (volatile read)
     * @throws IndexOutOfBoundsException unless {@code 0 <= index < length()}
     * @throws IllegalStateException after {@link #close()}
     */
    public long get(int index) {
        return buffer.getLongVolatile(offset(index));
    }

    /**
     * Sets element {@code index} (volatile write).
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= index < length()}
     * @throws IllegalStateException after {@link #close()}
     */
    public void set(int index, long value) {
        buffer.putLongVolatile(offset(index), value);
    }

    /**
     * @return element {@code index} (plain read: for use under a lock, or by the only writer)
     * @throws IndexOutOfBoundsException unless {@code 0 <= index < length()}
     * @throws IllegalStateException after {@link #close()}
     */
    public long getPlain(int index) {
        return buffer.getLong(offset(index));
    }

    /**
     * Sets element {@code index} (plain write: for use under a lock; other processes may see it late).
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= index < length()}
     * @throws IllegalStateException after {@link #close()}
     */
    public void setPlain(int index, long value) {
        buffer.putLong(offset(index), value);
    }

    /** @return the new value */
    public long addAndGet(int index, long delta) {
        return buffer.getAndAddLong(offset(index), delta) + delta;
    }

    /** @return true when the element was {@code expected} and is now {@code value} */
    public boolean compareAndSet(int index, long expected, long value) {
        return buffer.compareAndSetLong(offset(index), expected, value);
    }

    /** @return a copy of every element (plain reads) */
    public long[] toArray() {
        long[] copy = new long[length];
        for (int i = 0; i < length; i++) {
            copy[i] = getPlain(i);
        }
        return copy;
    }

    private int offset(int index) {
        segment.ensureOpen();
        return Math.multiplyExact(java.util.Objects.checkIndex(index, length), Long.BYTES);
    }

    /** Ends this object's use; the mapping goes once it is unreachable ({@link Segment}). Idempotent. */
    @Override
    public void close() {
        segment.close();
    }
}
