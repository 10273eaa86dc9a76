package io.jipc.mq;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import io.jipc.Endpoint;

/**
 * A small memory-mapped file of jipc's queue state (a subscription's position, a group's claims), opened once per
 * JVM however many users it has. Its first eight bytes are a magic number and a version, checked before anything
 * else is read. Processes mark what they own with kernel record locks on byte ranges ({@link #tryLock}): the kernel
 * drops them when the process dies, even by {@code kill -9}, so a free range means its owner is gone.
 * <p>
 * Why one channel per JVM: POSIX record locks belong to the process, and closing any descriptor of a file drops
 * every lock the process holds on it; a second channel opened and closed by another reader in the same JVM would
 * silently free the owner's locks.
 */
final class StateFile implements AutoCloseable {

    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = 4;
    /** Where the caller's layout starts. */
    static final int HEADER_LENGTH = 8;

    /** Result of {@link #tryLock}. */
    enum Lock { ACQUIRED, HELD_BY_ANOTHER_PROCESS, HELD_IN_THIS_PROCESS }

    private static final Map<Path, Shared> OPEN = new HashMap<>();

    private final Shared shared;
    private boolean closed;

    private StateFile(Shared shared) {
        this.shared = shared;
    }

    /**
     * Opens or creates a state file; a new one gets the magic and version and zeroes elsewhere, then {@code init}
     * fills it (while other processes wait).
     *
     * @throws CorruptQueueException when the file exists with another magic, version or length
     */
    static StateFile open(Endpoint endpoint, Path file, int length, int magic, int version, String what,
        java.util.function.Consumer<UnsafeBuffer> init) {
        Path key = file.toAbsolutePath().normalize();
        synchronized (OPEN) {
            Shared shared = OPEN.get(key);
            if (shared == null) {
                shared = Shared.open(endpoint, key, length, magic, version, what, init);
                OPEN.put(key, shared);
            }
            shared.references++;
            return new StateFile(shared);
        }
    }

    /** @return the mapped bytes: atomic and ordered access through Agrona's buffer */
    UnsafeBuffer buffer() {
        return shared.buffer;
    }

    /** @return the file */
    Path path() {
        return shared.path;
    }

    /**
     * Tries to take the exclusive record lock on {@code [position, position + size)} for this process.
     *
     * @return whether it was taken, or who holds it
     */
    Lock tryLock(long position, long size) {
        synchronized (shared) {
            try {
                FileLock lock = shared.channel.tryLock(position, size, false);
                if (lock == null) {
                    return Lock.HELD_BY_ANOTHER_PROCESS;
                }
                shared.locks.put(position, lock);
                return Lock.ACQUIRED;
            } catch (OverlappingFileLockException e) {
                return Lock.HELD_IN_THIS_PROCESS;
            } catch (IOException e) {
                throw new IllegalStateException("cannot lock " + shared.path + ": " + e.getMessage(), e);
            }
        }
    }

    /** Releases a lock taken by {@link #tryLock} at {@code position}; does nothing when none is held there. */
    void unlock(long position) {
        synchronized (shared) {
            FileLock lock = shared.locks.remove(position);
            if (lock != null) {
                try {
                    lock.release();
                } catch (IOException e) {
                    // the channel is gone: so is the lock
                }
            }
        }
    }

    /** Forces the mapped bytes to the device (only where a caller asks for durability against power loss). */
    void force() {
        shared.mapped.force();
    }

    @Override
    public void close() {
        synchronized (OPEN) {
            if (closed) {
                return;
            }
            closed = true;
            if (--shared.references == 0) {
                OPEN.remove(shared.path);
                shared.close();
            }
        }
    }

    /** The one channel, mapping and lock table of a file in this JVM. */
    private static final class Shared {
        final Path path;
        final FileChannel channel;
        final MappedByteBuffer mapped;
        final UnsafeBuffer buffer;
        final Map<Long, FileLock> locks = new HashMap<>();
        int references;

        private Shared(Path path, FileChannel channel, MappedByteBuffer mapped) {
            this.path = path;
            this.channel = channel;
            this.mapped = mapped;
            this.buffer = new UnsafeBuffer(mapped);
        }

        static Shared open(Endpoint endpoint, Path path, int length, int magic, int version, String what,
            java.util.function.Consumer<UnsafeBuffer> init) {
            FileChannel channel = null;
            try {
                Files.createDirectories(path.getParent());
                channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                MappedByteBuffer mapped;
                // the byte just past the layout serialises creation between processes
                FileLock creating = channel.lock(length, 1, false);
                try {
                    long size = channel.size();
                    boolean fresh = size == 0;
                    if (fresh) {
                        channel.truncate(0);
                        channel.write(java.nio.ByteBuffer.allocate(length), 0);
                    } else if (size != length) {
                        throw new CorruptQueueException(endpoint, what + " " + path + " is " + size + " bytes long, expected "
                            + length + "; nothing was changed");
                    }
                    mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, length);
                    UnsafeBuffer buffer = new UnsafeBuffer(mapped);
                    if (fresh) {
                        init.accept(buffer);
                        buffer.putInt(VERSION_OFFSET, version);
                        buffer.putIntVolatile(MAGIC_OFFSET, magic);
                    } else if (buffer.getIntVolatile(MAGIC_OFFSET) != magic || buffer.getInt(VERSION_OFFSET) != version) {
                        String found = "0x" + Integer.toHexString(buffer.getInt(MAGIC_OFFSET)) + " version "
                            + buffer.getInt(VERSION_OFFSET);
                        IoUtil.unmap(mapped);
                        throw new CorruptQueueException(endpoint, what + " " + path + ": expected magic 0x"
                            + Integer.toHexString(magic) + " version " + version + ", found " + found + "; nothing was changed");
                    }
                } finally {
                    creating.release();
                }
                return new Shared(path, channel, mapped);
            } catch (IOException e) {
                closeQuietly(channel);
                if (!Files.isWritable(path.getParent())) {
                    throw new ReadOnlyQueueException(endpoint, "cannot create or open " + what + " " + path
                        + ": the directory is read-only (" + e.getMessage() + ")");
                }
                throw new QueueException(endpoint, "cannot open " + what + " " + path + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                closeQuietly(channel);
                throw e;
            }
        }

        void close() {
            IoUtil.unmap(mapped);
            closeQuietly(channel);
        }

        private static void closeQuietly(FileChannel channel) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    // closing: nothing left to do
                }
            }
        }
    }
}
