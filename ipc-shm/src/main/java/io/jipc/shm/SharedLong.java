package io.jipc.shm;

import org.agrona.concurrent.AtomicBuffer;

import io.jipc.Endpoint;
import io.jipc.shm.SegmentDescriptor.ElementType;

/**
 * A long shared by the processes of one machine, like Python's {@code multiprocessing.Value('q')}, in a named
 * segment of its own.
 * <pre>{@code
 * try (SharedLong counter = SharedLong.open("shm:/dev/shm/demo/counter")) {
 *     counter.addAndGet(1);                       // atomic across processes
 * }
 * }</pre>
 * {@link #get()}/{@link #set(long)} are volatile, the {@code Plain} variants are plain (for use under a lock),
 * {@link #addAndGet}, {@link #getAndAdd} and {@link #compareAndSet} are atomic. Thread-safe; not to be used after
 * {@link #close()}.
 */
public final class SharedLong implements AutoCloseable {

    private final Segment segment;
    private final AtomicBuffer buffer;

    private SharedLong(Segment segment) {
        this.segment = segment;
        this.buffer = segment.buffer();
    }

    /**
     * Opens the value, creating it (as 0) on first open.
     *
     * @param uri for example {@code shm:/dev/shm/demo/counter}
     * @throws ShmFileException when the file exists but is not a shared long
     */
    public static SharedLong open(String uri) {
        Endpoint endpoint = Segment.endpoint(uri);
        return new SharedLong(Segment.openOrCreate(endpoint, ElementType.LONG, 1, true));
    }

    /** Removes the value's file: processes that have it open keep their copy. @see Segment#unlink(String) */
    public static void unlink(String uri) {
        Segment.unlink(uri);
    }

    /** @return the value (volatile read) */
    public long get() {
        segment.ensureOpen();
        return buffer.getLongVolatile(0);
    }

    /** Sets the value (volatile write). */
    public void set(long value) {
        segment.ensureOpen();
        buffer.putLongVolatile(0, value);
    }

    /** @return the value (plain read: for use under a lock) */
    public long getPlain() {
        segment.ensureOpen();
        return buffer.getLong(0);
    }

    /** Sets the value (plain write: for use under a lock). */
    public void setPlain(long value) {
        segment.ensureOpen();
        buffer.putLong(0, value);
    }

    /** Adds atomically. @return the new value */
    public long addAndGet(long delta) {
        segment.ensureOpen();
        return buffer.getAndAddLong(0, delta) + delta;
    }

    /** Adds atomically. @return the previous value */
    public long getAndAdd(long delta) {
        segment.ensureOpen();
        return buffer.getAndAddLong(0, delta);
    }

    /** Sets to {@code value} atomically if it equals {@code expected}. @return true when it did */
    public boolean compareAndSet(long expected, long value) {
        segment.ensureOpen();
        return buffer.compareAndSetLong(0, expected, value);
    }

    /** @return the segment holding the value */
    public Segment segment() {
        return segment;
    }

    /** Ends this object's use; the mapping goes once it is unreachable ({@link Segment}). Idempotent. */
    @Override
    public void close() {
        segment.close();
    }

    @Override
    public String toString() {
        return "SharedLong[" + segment.endpoint() + "]";
    }
}
