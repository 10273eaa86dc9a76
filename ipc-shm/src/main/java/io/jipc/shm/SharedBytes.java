package io.jipc.shm;

import org.agrona.concurrent.AtomicBuffer;

import io.jipc.shm.SegmentDescriptor.ElementType;

/**
 * A fixed-length byte array shared by the processes of one machine, like Python's {@code multiprocessing.Array('b', n)}
 * or a {@code SharedMemory} buffer. Byte access is plain; {@link #buffer()} offers ordered, volatile and atomic
 * access to wider values. Thread-safe as memory is; not to be used after {@link #close()}.
 */
public final class SharedBytes implements AutoCloseable {

    private final Segment segment;
    private final AtomicBuffer buffer;

    private SharedBytes(Segment segment) {
        this.segment = segment;
        this.buffer = segment.buffer();
    }

    /**
     * Opens the array, creating it (all zeros) on first open.
     *
     * @throws ShmFileException when it exists with another length, or holds typed values
     */
    public static SharedBytes open(String uri, int length) {
        return new SharedBytes(Segment.openOrCreate(Segment.endpoint(uri), ElementType.BYTES, length, true));
    }

    /** Removes the array's file. @see Segment#unlink(String) */
    public static void unlink(String uri) {
        Segment.unlink(uri);
    }

    /** @return the number of bytes */
    public int length() {
        return buffer.capacity();
    }

    /**
     * @return byte {@code index} (plain read)
     * @throws IndexOutOfBoundsException unless {@code 0 <= index < length()} (Agrona's bounds check)
     * @throws IllegalStateException after {@link #close()}
     */
    public byte get(int index) {
        segment.ensureOpen();
        return buffer.getByte(index);
    }

    /**
     * Sets byte {@code index} (plain write: other processes may see it late; publish with {@link #buffer()}'s
     * ordered or volatile writes).
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= index < length()} (Agrona's bounds check)
     * @throws IllegalStateException after {@link #close()}
     */
    public void set(int index, byte value) {
        segment.ensureOpen();
        buffer.putByte(index, value);
    }

    /** Copies {@code length} bytes starting at {@code index} into {@code dst}. */
    public void get(int index, byte[] dst, int offset, int length) {
        segment.ensureOpen();
        buffer.getBytes(index, dst, offset, length);
    }

    /** Copies {@code length} bytes of {@code src} to {@code index}. */
    public void set(int index, byte[] src, int offset, int length) {
        segment.ensureOpen();
        buffer.putBytes(index, src, offset, length);
    }

    /**
     * @return the bytes as an Agrona buffer: zero-copy, with ordered, volatile and atomic access; it stays mapped
     *     while it is reachable, even after {@link #close()}
     */
    public AtomicBuffer buffer() {
        segment.ensureOpen();
        return buffer;
    }

    /** Ends this object's use; the mapping goes once it is unreachable ({@link Segment}). Idempotent. */
    @Override
    public void close() {
        segment.close();
    }
}
