package io.jipc.shm;

import org.agrona.concurrent.AtomicBuffer;

import io.jipc.shm.SegmentDescriptor.ElementType;

/**
 * A fixed-length array of ints shared by the processes of one machine, like Python's
 * {@code multiprocessing.Array('i', n)}. {@link #get}/{@link #set} are volatile, the {@code Plain} variants plain
 * (under a lock), {@link #addAndGet} and {@link #compareAndSet} atomic. Thread-safe; not to be used after
 * {@link #close()}. An index out of range throws {@link IndexOutOfBoundsException}.
 */
public final class SharedIntArray implements AutoCloseable {

    private final Segment segment;
    private final AtomicBuffer buffer;
    private final int length;

    private SharedIntArray(Segment segment) {
        this.segment = segment;
        this.buffer = segment.buffer();
        this.length = segment.size() / Integer.BYTES;
    }

    /**
     * Opens the array, creating it (all zeros) on first open.
     *
     * @throws ShmFileException when it exists with another length or type
     */
    public static SharedIntArray open(String uri, int length) {
        return new SharedIntArray(Segment.openOrCreate(Segment.endpoint(uri), ElementType.INT, length, true));
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
    public int get(int index) {
        return buffer.getIntVolatile(offset(index));
    }

    /**
     * Sets element {@code index} (volatile write).
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= index < length()}
     * @throws IllegalStateException after {@link #close()}
     */
    public void set(int index, int value) {
        buffer.putIntVolatile(offset(index), value);
    }

    /**
     * @return element {@code index} (plain read: for use under a lock, or by the only writer)
     * @throws IndexOutOfBoundsException unless {@code 0 <= index < length()}
     * @throws IllegalStateException after {@link #close()}
     */
    public int getPlain(int index) {
        return buffer.getInt(offset(index));
    }

    /**
     * Sets element {@code index} (plain write: for use under a lock; other processes may see it late).
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= index < length()}
     * @throws IllegalStateException after {@link #close()}
     */
    public void setPlain(int index, int value) {
        buffer.putInt(offset(index), value);
    }

    /** @return the new value */
    public int addAndGet(int index, int delta) {
        return buffer.getAndAddInt(offset(index), delta) + delta;
    }

    /** @return true when the element was {@code expected} and is now {@code value} */
    public boolean compareAndSet(int index, int expected, int value) {
        return buffer.compareAndSetInt(offset(index), expected, value);
    }

    /** @return a copy of every element (plain reads) */
    public int[] toArray() {
        int[] copy = new int[length];
        for (int i = 0; i < length; i++) {
            copy[i] = getPlain(i);
        }
        return copy;
    }

    private int offset(int index) {
        segment.ensureOpen();
        return Math.multiplyExact(java.util.Objects.checkIndex(index, length), Integer.BYTES);
    }

    /** Ends this object's use; the mapping goes once it is unreachable ({@link Segment}). Idempotent. */
    @Override
    public void close() {
        segment.close();
    }
}
