package io.jipc.benchmarks;

import java.io.File;
import java.nio.MappedByteBuffer;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * The shm benchmark's raw floor: two bare Agrona {@link OneToOneRingBuffer}s in one file mapped by both processes,
 * with no header checks, no liveness, no close protocol beyond a stop flag.
 * <pre>
 *   0          8            128                         128 + ring length
 *   +----------+------------+---------------------------+---------------------------+
 *   | stop flag| unused     | ring parent -> child      | ring child -> parent      |
 *   +----------+------------+---------------------------+---------------------------+
 * </pre>
 */
final class RawRings implements AutoCloseable {

    static final int STOP_OFFSET = 0;
    static final int RINGS_OFFSET = 128;

    private final MappedByteBuffer mapped;
    final UnsafeBuffer control;
    final OneToOneRingBuffer toChild;
    final OneToOneRingBuffer toParent;

    private RawRings(MappedByteBuffer mapped, int capacity) {
        this.mapped = mapped;
        this.control = new UnsafeBuffer(mapped);
        int ringLength = capacity + RingBufferDescriptor.TRAILER_LENGTH;
        this.toChild = new OneToOneRingBuffer(new UnsafeBuffer(control, RINGS_OFFSET, ringLength));
        this.toParent = new OneToOneRingBuffer(new UnsafeBuffer(control, RINGS_OFFSET + ringLength, ringLength));
    }

    /** Creates the file (the parent). */
    static RawRings create(File file, int capacity) {
        long length = RINGS_OFFSET + 2L * (capacity + RingBufferDescriptor.TRAILER_LENGTH);
        return new RawRings(IoUtil.mapNewFile(file, length), capacity);
    }

    /** Maps the file the parent created (the child). */
    static RawRings open(File file, int capacity) {
        return new RawRings(IoUtil.mapExistingFile(file, "raw rings"), capacity);
    }

    @Override
    public void close() {
        IoUtil.unmap(mapped);
    }
}
