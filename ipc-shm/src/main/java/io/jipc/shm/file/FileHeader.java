package io.jipc.shm.file;

import java.nio.ByteOrder;
import java.nio.file.Path;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import io.jipc.internal.ProcessIdentity;
import io.jipc.shm.ShmFileException;

/**
 * The header that starts every jipc shared-memory file, whatever it holds: channel servers, channels, segments,
 * locks and semaphores. Fields are in the platform's byte order (the file never leaves the machine).
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                 magic "jipc/shm" (8 bytes)                     |  0
 *  +-------------------------------+-------------------------------+
 *  |       layout version = 3      |  kind (1 server, 2 channel,   |  8
 *  |                               |  3 segment, 4 lock, 5 sem.)   |
 *  +-------------------------------+-------------------------------+
 *  |                   creator pid (8 bytes)                        | 16
 *  +---------------------------------------------------------------+
 *  |   creator start: kernel clock ticks since boot (8 bytes)       | 24
 *  +---------------------------------------------------------------+
 *  |                 file length in bytes (8 bytes)                 | 32
 *  +---------------------------------------------------------------+
 *  |  creator's pid namespace: inode of /proc/self/ns/pid, 0 unknown| 40
 *  +---------------------------------------------------------------+
 *  |                 created at, epoch ms (8 bytes)                 | 48
 *  +---------------------------------------------------------------+
 *  |                    reserved (8 bytes)                          | 56
 *  +---------------------------------------------------------------+
 *  |  kind-specific fields from 64 (the kind's descriptor)          | 64
 *  +---------------------------------------------------------------+
 * </pre>
 * The magic and the version are checked before anything else is read; a file is created complete under a
 * temporary name and then linked into place ({@link ShmFiles}), so a reader never sees a half-written header. A file
 * made in another pid namespace is refused: its pids mean nothing here, so nobody here could tell its creator, its
 * peers or its holders dead or alive.
 */
public final class FileHeader {

    /** "jipc/shm" in ASCII, read as a little-endian long. */
    public static final long MAGIC = 0x6d68732f6370696aL;
    /** Layout version of every kind; bumped on any incompatible change. */
    public static final int VERSION = 3;
    /** Length of the common header: kind-specific fields start here. */
    public static final int COMMON_LENGTH = 64;
    /** Bytes read to check a file before mapping it: the common header and the first kind-specific fields. */
    public static final int LENGTH = 128;

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 8;
    public static final int KIND_OFFSET = 12;
    public static final int CREATOR_PID_OFFSET = 16;
    public static final int CREATOR_START_OFFSET = 24;
    public static final int FILE_LENGTH_OFFSET = 32;
    public static final int PID_NAMESPACE_OFFSET = 40;
    public static final int CREATED_OFFSET = 48;

    private static final long OUR_NAMESPACE = PidNamespace.current();

    /** What a file holds. */
    public enum Kind {
        /** A bound channel server: its inbox of connection requests. */
        SERVER(1, "channel server"),
        /** One duplex channel: two rings. */
        CHANNEL(2, "channel"),
        /** A named segment: shared values and arrays. */
        SEGMENT(3, "shared-memory segment"),
        /** A cross-process lock: one holder slot. */
        LOCK(4, "lock"),
        /** A cross-process semaphore: one holder slot per permit. */
        SEMAPHORE(5, "semaphore");

        private final int code;
        private final String label;

        Kind(int code, String label) {
            this.code = code;
            this.label = label;
        }

        /** @return the number stored in the header */
        public int code() {
            return code;
        }

        /** @return a name for messages, e.g. "channel server" */
        public String label() {
            return label;
        }

        /** @return the kind with this code, or null */
        public static Kind of(int code) {
            for (Kind kind : values()) {
                if (kind.code == code) {
                    return kind;
                }
            }
            return null;
        }

        static String describe(int code) {
            Kind kind = of(code);
            return kind == null ? "an unknown kind " + code : "a jipc " + kind.label;
        }
    }

    private FileHeader() {
    }

    /** Writes the common header of a new file, created now by {@code creator} in this pid namespace. */
    public static void write(MutableDirectBuffer buffer, Kind kind, ProcessIdentity creator, long fileLength) {
        buffer.putLong(MAGIC_OFFSET, MAGIC, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(VERSION_OFFSET, VERSION);
        buffer.putInt(KIND_OFFSET, kind.code);
        buffer.putLong(CREATOR_PID_OFFSET, creator.pid());
        buffer.putLong(CREATOR_START_OFFSET, creator.startTicks());
        buffer.putLong(FILE_LENGTH_OFFSET, fileLength);
        buffer.putLong(PID_NAMESPACE_OFFSET, OUR_NAMESPACE);
        buffer.putLong(CREATED_OFFSET, System.currentTimeMillis());
    }

    /** @return the process that created the file */
    public static ProcessIdentity creator(DirectBuffer buffer) {
        return new ProcessIdentity(buffer.getLong(CREATOR_PID_OFFSET), buffer.getLong(CREATOR_START_OFFSET));
    }

    /** @return the kind in a header that passed {@link #verify} or {@link #verifyAnyKind} */
    public static Kind kind(DirectBuffer buffer) {
        return Kind.of(buffer.getInt(KIND_OFFSET));
    }

    /** @return when the file was created, epoch milliseconds */
    public static long createdMillis(DirectBuffer buffer) {
        return buffer.getLong(CREATED_OFFSET);
    }

    /** @return true when the first 8 bytes are jipc's magic: a jipc file, maybe of another version */
    public static boolean hasMagic(DirectBuffer header, int readable) {
        return readable >= 8 && header.getLong(MAGIC_OFFSET, ByteOrder.LITTLE_ENDIAN) == MAGIC;
    }

    /**
     * Checks a header read from a file: magic first, then version, then kind, length and pid namespace.
     *
     * @param header   the first bytes of the file (up to {@link #LENGTH})
     * @param readable how many of them the file has
     * @param fileSize the file's actual size
     * @param path     the file, for messages
     * @param expected what the caller wants the file to hold
     * @throws ShmFileException naming the file and what was wrong, both sides of a mismatch
     */
    public static void verify(DirectBuffer header, int readable, long fileSize, Path path, Kind expected) {
        Kind found = verifyAnyKind(header, readable, fileSize, path);
        if (found != expected) {
            throw new ShmFileException(path, "is " + Kind.describe(header.getInt(KIND_OFFSET)) + ", expected a jipc "
                + expected.label);
        }
    }

    /**
     * As {@link #verify}, for a reader that takes any kind (the jipc tool).
     *
     * @return the kind the file holds
     */
    public static Kind verifyAnyKind(DirectBuffer header, int readable, long fileSize, Path path) {
        if (readable < VERSION_OFFSET) {
            throw new ShmFileException(path, fileSize == 0 ? "is empty: not a jipc shared-memory file (or its creator died "
                + "while creating it)" : "is truncated or not a jipc shared-memory file: " + fileSize
                + " bytes, while the header alone is " + LENGTH + " bytes");
        }
        long magic = header.getLong(MAGIC_OFFSET, ByteOrder.LITTLE_ENDIAN);
        if (magic != MAGIC) {
            throw new ShmFileException(path, "is not a jipc shared-memory file (" + fileSize + " bytes): expected magic 0x"
                + Long.toHexString(MAGIC) + " (\"jipc/shm\"), found 0x" + Long.toHexString(magic) + " (" + printable(header) + ")");
        }
        if (readable < KIND_OFFSET + 4) {
            throw new ShmFileException(path, "is truncated: " + fileSize + " bytes, while the header alone is " + LENGTH + " bytes");
        }
        int version = header.getInt(VERSION_OFFSET);
        if (version != VERSION) {
            throw new ShmFileException(path, "has layout version " + version + ", expected version " + VERSION
                + " (written by another jipc release? remove it once no process uses it)");
        }
        if (readable < LENGTH) {
            throw new ShmFileException(path, "is truncated: " + fileSize + " bytes, while the header alone is " + LENGTH + " bytes");
        }
        Kind kind = Kind.of(header.getInt(KIND_OFFSET));
        if (kind == null) {
            throw new ShmFileException(path, "is " + Kind.describe(header.getInt(KIND_OFFSET)) + ", which this release does not know");
        }
        long declared = header.getLong(FILE_LENGTH_OFFSET);
        if (declared != fileSize) {
            throw new ShmFileException(path, (fileSize < declared ? "is truncated: " : "has the wrong size: ") + fileSize
                + " bytes, while its header says " + declared + " bytes");
        }
        long namespace = header.getLong(PID_NAMESPACE_OFFSET);
        if (namespace != 0 && OUR_NAMESPACE != 0 && namespace != OUR_NAMESPACE) {
            throw new ShmFileException(path, "was made in pid namespace " + namespace + " and this process is in pid namespace "
                + OUR_NAMESPACE + " (another container?): the pids in it mean nothing here, so nobody here can tell whether "
                + "its processes live");
        }
        return kind;
    }

    private static String printable(DirectBuffer header) {
        StringBuilder sb = new StringBuilder("first bytes \"");
        for (int i = 0; i < 8; i++) {
            int b = header.getByte(i) & 0xff;
            sb.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
        }
        return sb.append('"').toString();
    }
}
