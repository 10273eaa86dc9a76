package io.jipc.shm;

import org.agrona.concurrent.AtomicBuffer;

import io.jipc.shm.SegmentDescriptor.ElementType;

/**
 * A fixed-length array of doubles shared by the processes of one machine, like Python's
 * {@code multiprocessing.Array('d', n)}. {@link #get}/{@link #set} are volatile, {@link #addAndGet} and
 * {@link #compareAndSet} (on the exact bits) atomic. Thread-safe; not to be used after {@link #close()}.
 */
public final class SharedDoubleArray implements AutoCloseable {

    private final Segment segment;
    private final AtomicBuffer buffer;
    private final int length;

    private SharedDoubleArray(Segment segment) {
        this.segment = segment;
        this.buffer = segment.buffer();
        this.length = segment.size() / Double.BYTES;
    }

    /**
     * Opens the array, creating it (all 0.0) on first open.
     *
     * @throws ShmFileException when it exists with another length or type
     */
    public static SharedDoubleArray open(String uri, int length) {
        return new SharedDoubleArray(Segment.openOrCreate(Segment.endpoint(uri), ElementType.DOUBLE, length, true));
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
    public double get(int index) {
        return Double.longBitsToDouble(buffer.getLongVolatile(offset(index)));
    }

    /**
     * Sets element {@code index} (volatile write).
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= index < length()}
     * @throws IllegalStateException after {@link #close()}
     */
    public void set(int index, double value) {
        buffer.putLongVolatile(offset(index), Double.doubleToRawLongBits(value));
    }

    /** @return the new value */
    public double addAndGet(int index, double delta) {
        int offset = offset(index);
        while (true) {
            long bits = buffer.getLongVolatile(offset);
            double next = Double.longBitsToDouble(bits) + delta;
            if (buffer.compareAndSetLong(offset, bits, Double.doubleToRawLongBits(next))) {
                return next;
            }
        }
    }

    /** @return true when the element had exactly the bits of {@code expected} and is now {@code value} */
    public boolean compareAndSet(int index, double expected, double value) {
        return buffer.compareAndSetLong(offset(index), Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(value));
    }

    /** @return a copy of every element */
    public double[] toArray() {
        double[] copy = new double[length];
        for (int i = 0; i < length; i++) {
            copy[i] = get(i);
        }
        return copy;
    }

    private int offset(int index) {
        segment.ensureOpen();
        return java.util.Objects.checkIndex(index, length) * Double.BYTES;
    }

    /** Ends this object's use; the mapping goes once it is unreachable ({@link Segment}). Idempotent. */
    @Override
    public void close() {
        segment.close();
    }
}
