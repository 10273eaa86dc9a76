package io.jipc.shm.sync;

import static io.jipc.shm.sync.SyncDescriptor.SLOTS_OFFSET;
import static io.jipc.shm.sync.SyncDescriptor.SLOT_STRIDE;
import static io.jipc.shm.sync.SyncDescriptor.STRIDE_OFFSET;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.agrona.concurrent.UnsafeBuffer;

import io.jipc.Endpoint;
import io.jipc.IpcException;
import io.jipc.internal.ProcessIdentity;
import io.jipc.shm.ShmFileException;
import io.jipc.shm.ShmPaths;
import io.jipc.shm.file.FileHeader;
import io.jipc.shm.file.MappedFile;
import io.jipc.shm.file.ShmFiles;
import io.jipc.sync.SyncFileException;

/**
 * A lock or semaphore file, mapped: created whole and linked into place, or opened and checked, by the same
 * mechanism as every jipc shared-memory file ({@link ShmFiles}, {@link FileHeader}), then its own fields
 * ({@link SyncDescriptor}). The mapping is released when this object is garbage-collected, never explicitly: a
 * thread still inside an acquire on a closed lock must not touch unmapped memory (that would crash the JVM), and one
 * page per lock is cheap to keep a little longer.
 */
final class SyncFile {

    private final Endpoint endpoint;
    private final Path path;
    private final MappedFile file;
    private final int slots;

    private SyncFile(Endpoint endpoint, Path path, MappedFile file, int slots) {
        this.endpoint = endpoint;
        this.path = path;
        this.file = file;
        this.slots = slots;
    }

    /**
     * Opens the file, creating it when absent.
     *
     * @param kind  {@link SyncDescriptor#KIND_LOCK} or {@link SyncDescriptor#KIND_SEMAPHORE}
     * @param slots 1 for a lock, the permits for a semaphore
     * @throws SyncFileException when the file is not of that kind, version and size, naming both sides
     */
    static SyncFile open(Endpoint endpoint, FileHeader.Kind kind, int slots) {
        Path path = path(endpoint);
        long length = SyncDescriptor.length(slots);
        for (int attempt = 0; attempt < 10; attempt++) {
            try {
                MappedFile file = ShmFiles.openExisting(path, kind);
                try {
                    check(endpoint, path, file.buffer(), kind, slots);
                } catch (RuntimeException e) {
                    file.unmap();
                    throw e;
                }
                return new SyncFile(endpoint, path, file, slots);
            } catch (NoSuchFileException absent) {
                MappedFile created = create(endpoint, path, kind, slots, length);
                if (created != null) {
                    return new SyncFile(endpoint, path, created, slots);
                }
                // another process created it first: open theirs
            } catch (ShmFileException e) {
                throw new SyncFileException(endpoint, describeMismatch(path, e, kind, slots), e);
            } catch (IOException e) {
                throw new IpcException(endpoint, "cannot open " + path + ": " + e, e);
            }
        }
        throw new IpcException(endpoint, path + " keeps appearing and disappearing: another process creates and removes it");
    }

    private static MappedFile create(Endpoint endpoint, Path path, FileHeader.Kind kind, int slots, long length) {
        try {
            return ShmFiles.createExclusive(path, length, buffer -> {
                FileHeader.write(buffer, kind, ProcessIdentity.current(), length);
                buffer.putInt(SLOTS_OFFSET, slots);
                buffer.putInt(STRIDE_OFFSET, SLOT_STRIDE);
            });
        } catch (ShmFileException e) {
            throw new SyncFileException(endpoint, e.getMessage(), e);
        } catch (IOException e) {
            throw new IpcException(endpoint, "cannot create " + path + ": " + e, e);
        }
    }

    /** The kind mismatch says what the file is instead, with its permits, e.g. "expected a lock, found a semaphore". */
    private static String describeMismatch(Path path, ShmFileException e, FileHeader.Kind expected, int slots) {
        try {
            UnsafeBuffer header = ShmFiles.readHeader(path);
            FileHeader.Kind found = FileHeader.kind(header);
            if (FileHeader.hasMagic(header, FileHeader.LENGTH) && header.getInt(FileHeader.VERSION_OFFSET) == FileHeader.VERSION
                && found != null && found != expected) {
                int foundSlots = header.getInt(SLOTS_OFFSET);
                return "expected a " + expected.label() + ", found a " + found.label()
                    + (found == FileHeader.Kind.SEMAPHORE ? " with " + foundSlots + " permits" : "") + " in " + path;
            }
        } catch (IOException ignored) {
            // fall back to the mechanism's own words
        }
        return e.getMessage();
    }

    private static void check(Endpoint endpoint, Path path, UnsafeBuffer header, FileHeader.Kind kind, int slots) {
        int foundSlots = header.getInt(SLOTS_OFFSET);
        if (foundSlots != slots) {
            throw new SyncFileException(endpoint, "expected " + slots + (kind == FileHeader.Kind.LOCK ? " slot" : " permits")
                + ", found " + foundSlots + " in " + path);
        }
        int stride = header.getInt(STRIDE_OFFSET);
        if (stride != SLOT_STRIDE) {
            throw new SyncFileException(endpoint, "expected slot stride " + SLOT_STRIDE + ", found " + stride + " in " + path);
        }
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

    Endpoint endpoint() {
        return endpoint;
    }

    Path path() {
        return path;
    }

    UnsafeBuffer buffer() {
        return file.buffer();
    }

    int slots() {
        return slots;
    }
}
