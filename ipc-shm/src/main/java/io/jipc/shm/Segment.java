package io.jipc.shm;

import io.jipc.shm.file.MappedFile;
import io.jipc.shm.file.FileHeader;
import io.jipc.shm.file.ShmFiles;

import io.jipc.internal.CoreJvmOptions;
import io.jipc.internal.ProcessIdentity;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;

import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import io.jipc.AddressInUseException;
import io.jipc.Endpoint;
import io.jipc.EndpointException;
import io.jipc.IpcException;
import io.jipc.shm.SegmentDescriptor.ElementType;

/**
 * A named block of shared memory, like Python's {@code multiprocessing.shared_memory.SharedMemory}: created once
 * with a fixed size, opened by name from any process of the machine, removed with {@link #unlink(String)}.
 * <pre>{@code
 * try (Segment segment = Segment.openOrCreate("shm:/dev/shm/demo/frame", 1 << 20)) {
 *     AtomicBuffer data = segment.buffer();      // plain, ordered, volatile and atomic access
 *     data.putLongVolatile(0, 42);
 * }
 * }</pre>
 * A segment outlives the processes that use it until it is unlinked (or the machine restarts). The file is
 * owner-only. Thread-safe.
 * <p>
 * {@link #close()} ends this object's use: later calls throw {@link IllegalStateException}. It does not unmap at once,
 * because a thread may be inside a call, or hold {@link #buffer()}, at that moment, and touching unmapped memory
 * crashes the JVM; counting calls in and out would cost every access an atomic write. The mapping is released by
 * the garbage collector once this segment, and every buffer taken from it, is unreachable, as for any
 * {@link java.nio.MappedByteBuffer}. The shared values and arrays built on segments work the same way.
 */
public final class Segment implements AutoCloseable {

    private static final Set<String> PARAMETERS = Set.of();

    private final Endpoint endpoint;
    private final MappedFile file;
    private final UnsafeBuffer data;
    private final ElementType type;
    private volatile boolean closed;

    private Segment(Endpoint endpoint, MappedFile file) {
        this.endpoint = endpoint;
        this.file = file;
        UnsafeBuffer whole = file.buffer();
        long length = whole.getLong(SegmentDescriptor.DATA_LENGTH_OFFSET);
        this.data = new UnsafeBuffer(whole, SegmentDescriptor.DATA_OFFSET, (int) length);
        this.type = ElementType.of(whole.getInt(SegmentDescriptor.ELEMENT_TYPE_OFFSET));
    }

    /**
     * Creates a new segment of {@code size} bytes, zero-filled.
     *
     * @param uri for example {@code shm:/dev/shm/demo/frame}
     * @throws AddressInUseException when it already exists
     */
    public static Segment create(String uri, int size) {
        Endpoint endpoint = endpoint(uri);
        Segment segment = tryCreate(endpoint, ElementType.BYTES, size);
        if (segment == null) {
            throw new AddressInUseException(endpoint, "segment " + ShmPaths.resolve(endpoint) + " already exists");
        }
        return segment;
    }

    /**
     * Opens an existing segment.
     *
     * @throws IpcException when it does not exist
     * @throws ShmFileException when the file is not a jipc segment
     */
    public static Segment open(String uri) {
        Endpoint endpoint = endpoint(uri);
        Segment segment = tryOpen(endpoint);
        if (segment == null) {
            throw new IpcException(endpoint, "no segment " + ShmPaths.resolve(endpoint) + " (create it first)");
        }
        return segment;
    }

    /**
     * Opens a segment, creating it with {@code size} bytes when it does not exist.
     *
     * @throws ShmFileException when it exists with another size, or is not a jipc segment
     */
    public static Segment openOrCreate(String uri, int size) {
        return openOrCreate(endpoint(uri), ElementType.BYTES, size, false);
    }

    /**
     * Removes a segment's name: processes that have it open keep using it; a later open creates a new one.
     *
     * @return true when it existed
     */
    public static boolean unlink(String uri) {
        return ShmFiles.delete(ShmPaths.resolve(endpoint(uri)));
    }

    /**
     * @return the segment's data: offset 0 is its first byte, 8-byte aligned
     * @throws IllegalStateException after {@link #close()}
     */
    public AtomicBuffer buffer() {
        ensureOpen();
        return data;
    }

    /** @return its size in bytes */
    public int size() {
        return data.capacity();
    }

    /** @return its file */
    public Path path() {
        return file.path();
    }

    /** @return the endpoint it was opened with */
    public Endpoint endpoint() {
        return endpoint;
    }

    /** @return true until {@link #close()} */
    public boolean isOpen() {
        return !closed;
    }

    /**
     * Ends this object's use in this process; the segment stays for the others. The mapping goes once this object
     * and its buffers are unreachable (see the class comment). Idempotent.
     */
    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "Segment[" + endpoint + ", " + size() + " bytes]";
    }

    /** Throws when closed: the memory is gone. */
    void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(endpoint + " is closed");
        }
    }

    /**
     * Opens a segment, creating it when absent with {@code count} elements of {@code type}. An existing one must have
     * that many bytes and, when {@code typed}, that element type.
     */
    static Segment openOrCreate(Endpoint endpoint, ElementType type, int count, boolean typed) {
        long size = (long) count * type.size;
        if (count < 0 || size > SegmentDescriptor.MAX_DATA_LENGTH) {
            throw new IllegalArgumentException("cannot make a segment of " + count + " " + type.label + "s");
        }
        for (int attempt = 0; attempt < 100; attempt++) {
            Segment segment = tryOpen(endpoint);
            if (segment == null) {
                segment = tryCreate(endpoint, type, (int) size);
            }
            if (segment != null) {
                segment.check(typed ? type : null, size);
                return segment;
            }
        }
        throw new IpcException(endpoint, "segment " + ShmPaths.resolve(endpoint) + " keeps appearing and disappearing");
    }

    private void check(ElementType expectedType, long expectedSize) {
        String found = type == null ? "data of an unknown type" : size() / type.size + " " + type.label + (size() / type.size == 1 ? "" : "s");
        if ((expectedType != null && expectedType != type) || expectedSize != size()) {
            closed = true;
            file.unmap(); // nobody else has it yet
            String wanted = expectedType == null ? expectedSize + " bytes"
                : expectedSize / expectedType.size + " " + expectedType.label + (expectedSize / expectedType.size == 1 ? "" : "s");
            throw new ShmFileException(endpoint, path(), "holds " + found + ", expected " + wanted, null);
        }
    }

    private static Segment tryOpen(Endpoint endpoint) {
        CoreJvmOptions.requireAgronaAccess(); // a segment is an Agrona buffer: a missing option is named here
        Path path = ShmPaths.resolve(endpoint);
        try {
            return new Segment(endpoint, ShmFiles.openExisting(path, FileHeader.Kind.SEGMENT));
        } catch (NoSuchFileException e) {
            return null;
        } catch (ShmFileException e) {
            throw e.at(endpoint);
        } catch (IOException e) {
            throw new ShmFileException(endpoint, path, "cannot be opened: " + e, e);
        }
    }

    private static Segment tryCreate(Endpoint endpoint, ElementType type, int size) {
        CoreJvmOptions.requireAgronaAccess();
        if (size < 0 || size > SegmentDescriptor.MAX_DATA_LENGTH) {
            throw new IllegalArgumentException("segment size " + size + " is out of range 0 .. " + SegmentDescriptor.MAX_DATA_LENGTH);
        }
        Path path = ShmPaths.resolve(endpoint);
        long fileLength = SegmentDescriptor.fileLength(size);
        try {
            MappedFile file = ShmFiles.createExclusive(path, fileLength, buffer -> {
                FileHeader.write(buffer, FileHeader.Kind.SEGMENT, ProcessIdentity.current(), fileLength);
                buffer.putLong(SegmentDescriptor.DATA_LENGTH_OFFSET, size);
                buffer.putInt(SegmentDescriptor.ELEMENT_TYPE_OFFSET, type.code);
            });
            return file == null ? null : new Segment(endpoint, file);
        } catch (ShmFileException e) {
            throw e.at(endpoint);
        } catch (IOException e) {
            throw new ShmFileException(endpoint, path, "cannot be created: " + e, e);
        }
    }

    static Endpoint endpoint(String uri) {
        Endpoint endpoint = Endpoint.parse(uri);
        if (!endpoint.scheme().equals("shm")) {
            throw new EndpointException(endpoint, "shared memory lives at shm: endpoints, e.g. shm:/dev/shm/demo/counter");
        }
        endpoint.requireOnly(PARAMETERS);
        return endpoint;
    }
}
