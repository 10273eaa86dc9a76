package io.jipc.shm;

import org.agrona.concurrent.AtomicBuffer;

import io.jipc.shm.SegmentDescriptor.ElementType;

/**
 * A double shared by the processes of one machine, like Python's {@code multiprocessing.Value('d')}. Reads and
 * writes are volatile; {@link #addAndGet} and {@link #compareAndSet} (on the exact bits) are atomic. Thread-safe;
 * not to be used after {@link #close()}.
 */
public final class SharedDouble implements AutoCloseable {

    private final Segment segment;
    private final AtomicBuffer buffer;

    private SharedDouble(Segment segment) {
        this.segment = segment;
        this.buffer = segment.buffer();
    }

    /** Opens the value, creating it (as 0.0) on first open. @param uri e.g. {@code shm:/dev/shm/demo/total} */
    public static SharedDouble open(String uri) {
        return new SharedDouble(Segment.openOrCreate(Segment.endpoint(uri), ElementType.DOUBLE, 1, true));
    }

    /** Removes the value's file. @see Segment#unlink(String) */
    public static void unlink(String uri) {
        Segment.unlink(uri);
    }

    /** @return the value */
    public double get() {
        segment.ensureOpen();
        return Double.longBitsToDouble(buffer.getLongVolatile(0));
    }

    /** Sets the value. */
    public void set(double value) {
        segment.ensureOpen();
        buffer.putLongVolatile(0, Double.doubleToRawLongBits(value));
    }

    /** Adds atomically. @return the new value */
    public double addAndGet(double delta) {
        segment.ensureOpen();
        while (true) {
            long bits = buffer.getLongVolatile(0);
            double next = Double.longBitsToDouble(bits) + delta;
            if (buffer.compareAndSetLong(0, bits, Double.doubleToRawLongBits(next))) {
                return next;
            }
        }
    }

    /** Sets to {@code value} if the current value has exactly the bits of {@code expected}. @return true when it did */
    public boolean compareAndSet(double expected, double value) {
        segment.ensureOpen();
        return buffer.compareAndSetLong(0, Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(value));
    }

    /** Ends this object's use; the mapping goes once it is unreachable ({@link Segment}). Idempotent. */
    @Override
    public void close() {
        segment.close();
    }
}
