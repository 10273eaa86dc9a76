package io.jipc.shm.sync;

import static io.jipc.shm.sync.SyncDescriptor.CREATED_OFFSET;
import static io.jipc.shm.sync.SyncDescriptor.CREATOR_OFFSET;
import static io.jipc.shm.sync.SyncDescriptor.HEADER_LENGTH;
import static io.jipc.shm.sync.SyncDescriptor.KIND_OFFSET;
import static io.jipc.shm.sync.SyncDescriptor.MAGIC;
import static io.jipc.shm.sync.SyncDescriptor.MAGIC_OFFSET;
import static io.jipc.shm.sync.SyncDescriptor.PID_NAMESPACE_OFFSET;
import static io.jipc.shm.sync.SyncDescriptor.SLOTS_OFFSET;
import static io.jipc.shm.sync.SyncDescriptor.SLOT_STRIDE;
import static io.jipc.shm.sync.SyncDescriptor.STRIDE_OFFSET;
import static io.jipc.shm.sync.SyncDescriptor.VERSION;
import static io.jipc.shm.sync.SyncDescriptor.VERSION_OFFSET;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ThreadLocalRandom;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import io.jipc.Endpoint;
import io.jipc.shm.ShmPaths;
import io.jipc.EndpointException;
import io.jipc.IpcException;
import io.jipc.sync.SyncFileException;

/**
 * A lock or semaphore file, mapped: created complete under a temporary name and linked into place (so nobody ever
 * sees half a header), or opened and checked against {@link SyncDescriptor}. The mapping is released when this
 * object is garbage-collected, never explicitly: a thread still inside an acquire on a closed lock must not touch
 * unmapped memory (that would crash the JVM), and one page per lock is cheap to keep a little longer.
 */
final class SyncFile {

    private final Endpoint endpoint;
    private final Path path;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer buffer;
    private final int slots;

    private SyncFile(Endpoint endpoint, Path path, MappedByteBuffer mapped, int slots) {
        this.endpoint = endpoint;
        this.path = path;
        this.mapped = mapped;
        this.buffer = new UnsafeBuffer(mapped);
        this.slots = slots;
    }

    /**
     * Opens the file, creating it when absent.
     *
     * @param kind  {@link SyncDescriptor#KIND_LOCK} or {@link SyncDescriptor#KIND_SEMAPHORE}
     * @param slots 1 for a lock, the permits for a semaphore
     * @throws SyncFileException when the file is not of that kind, version and size
     */
    static SyncFile open(Endpoint endpoint, int kind, int slots) {
        Path path = path(endpoint);
        if (!Files.exists(path)) {
            create(endpoint, path, kind, slots);
        }
        long size;
        try {
            size = Files.size(path);
        } catch (IOException e) {
            throw new IpcException(endpoint, "cannot read " + path + ": " + e, e);
        }
        if (size < HEADER_LENGTH) {
            throw new SyncFileException(endpoint, path + " is not a jipc " + SyncDescriptor.kindName(kind) + ": it is "
                + size + " bytes, shorter than the " + HEADER_LENGTH + "-byte header");
        }
        MappedByteBuffer mapped;
        try {
            // never more than the largest valid file: a foreign file of any size is refused without mapping it whole
            long length = Math.min(size, SyncDescriptor.length(SyncDescriptor.MAX_SLOTS));
            mapped = IoUtil.mapExistingFile(path.toFile(), path.toString(), 0, length);
        } catch (RuntimeException e) {
            throw new IpcException(endpoint, "cannot map " + path + ": " + e, e);
        }
        try {
            check(endpoint, path, new UnsafeBuffer(mapped), size, kind, slots);
        } catch (RuntimeException e) {
            IoUtil.unmap(mapped);
            throw e;
        }
        return new SyncFile(endpoint, path, mapped, slots);
    }

    /** Removes the file's name; does nothing when absent. */
    static void unlink(Endpoint endpoint) {
        Path path = path(endpoint);
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new IpcException(endpoint, "cannot delete " + path + ": " + e, e);
        }
    }

    /** The file of an endpoint, resolved as for every {@code shm:} address ({@link ShmPaths}). */
    static Path path(Endpoint endpoint) {
        return ShmPaths.resolve(endpoint);
    }

    private static void create(Endpoint endpoint, Path path, int kind, int slots) {
        Path dir = path.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + path.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-"
            + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            Files.createDirectories(dir, ownerOnly("rwx------"));
            Files.createFile(tmp, ownerOnly("rw-------"));
            ByteBuffer bytes = ByteBuffer.allocate(SyncDescriptor.length(slots)).order(ByteOrder.nativeOrder());
            UnsafeBuffer header = new UnsafeBuffer(bytes);
            header.putLong(MAGIC_OFFSET, MAGIC);
            header.putInt(VERSION_OFFSET, VERSION);
            header.putInt(KIND_OFFSET, kind);
            header.putInt(SLOTS_OFFSET, slots);
            header.putInt(STRIDE_OFFSET, SLOT_STRIDE);
            header.putLong(PID_NAMESPACE_OFFSET, Owners.pidNamespace());
            header.putLong(CREATOR_OFFSET, Owners.current());
            header.putLong(CREATED_OFFSET, System.currentTimeMillis());
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            try {
                Files.createLink(path, tmp);
            } catch (FileAlreadyExistsException e) {
                // another process created it first: use theirs
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw new IpcException(endpoint, "cannot create " + path + ": " + e, e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                // a leftover temporary file is harmless; nothing better to do
            }
        }
    }

    private static FileAttribute<?>[] ownerOnly(String permissions) {
        try {
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))};
        } catch (UnsupportedOperationException e) {
            return new FileAttribute<?>[0];
        }
    }

    private static void check(Endpoint endpoint, Path path, UnsafeBuffer header, long size, int kind, int slots) {
        String expectedKind = SyncDescriptor.kindName(kind);
        long magic = header.getLong(MAGIC_OFFSET);
        if (magic != MAGIC) {
            throw new SyncFileException(endpoint, path + " is not a jipc " + expectedKind + ": expected magic 0x"
                + Long.toHexString(MAGIC) + " (\"JIPCSYNC\"), found 0x" + Long.toHexString(magic));
        }
        int version = header.getInt(VERSION_OFFSET);
        if (version != VERSION) {
            throw new SyncFileException(endpoint, "expected version " + VERSION + ", found " + version + " in " + path);
        }
        int foundKind = header.getInt(KIND_OFFSET);
        int foundSlots = header.getInt(SLOTS_OFFSET);
        if (foundKind != kind) {
            throw new SyncFileException(endpoint, "expected a " + expectedKind + ", found a " + SyncDescriptor.kindName(foundKind)
                + (foundKind == SyncDescriptor.KIND_SEMAPHORE ? " with " + foundSlots + " permits" : "") + " in " + path);
        }
        if (foundSlots != slots) {
            throw new SyncFileException(endpoint, "expected " + slots + (kind == SyncDescriptor.KIND_LOCK ? " slot" : " permits")
                + ", found " + foundSlots + " in " + path);
        }
        int stride = header.getInt(STRIDE_OFFSET);
        if (stride != SLOT_STRIDE) {
            throw new SyncFileException(endpoint, "expected slot stride " + SLOT_STRIDE + ", found " + stride + " in " + path);
        }
        long expectedSize = SyncDescriptor.length(slots);
        if (size != expectedSize) {
            throw new SyncFileException(endpoint, "expected " + expectedSize + " bytes, found " + size + " in " + path);
        }
        long namespace = header.getLong(PID_NAMESPACE_OFFSET);
        long ours = Owners.pidNamespace();
        if (namespace != 0 && ours != 0 && namespace != ours) {
            throw new SyncFileException(endpoint, path + " was created in pid namespace " + namespace + ", this process is in "
                + ours + ": holders' pids cannot be checked across namespaces");
        }
    }

    Endpoint endpoint() {
        return endpoint;
    }

    Path path() {
        return path;
    }

    UnsafeBuffer buffer() {
        return buffer;
    }

    int slots() {
        return slots;
    }
}
