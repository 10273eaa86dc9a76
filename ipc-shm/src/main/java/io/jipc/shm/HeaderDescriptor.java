package io.jipc.shm;

import io.jipc.internal.ProcessIdentity;
import java.nio.file.Path;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The header that starts every jipc shared-memory file, whatever it holds. Fields are in the platform's byte
 * order (the file never leaves the machine).
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                 magic "jipc/shm" (8 bytes)                     |  0
 *  +-------------------------------+-------------------------------+
 *  |        layout version         |     kind (server, channel,    |  8
 *  |                               |     segment)                  |
 *  +-------------------------------+-------------------------------+
 *  |                   creator pid (8 bytes)                        | 16
 *  +---------------------------------------------------------------+
 *  |           creator start time, epoch ms (8 bytes)               | 24
 *  +---------------------------------------------------------------+
 *  |                 file length in bytes (8 bytes)                 | 32
 *  +---------------------------------------------------------------+
 *  |     kind-specific fields up to byte 64 (see the kind's         | 40
 *  |     descriptor: {@link ServerDescriptor}, {@link ChannelDescriptor},
 *  |     {@link SegmentDescriptor})                                 |
 *  +---------------------------------------------------------------+
 * </pre>
 * The magic and the version are checked before anything else is read; a file is created complete under a
 * temporary name and then linked into place, so a reader never sees a half-written header.
 */
final class HeaderDescriptor {

    /** "jipc/shm" in ASCII, read as a little-endian long. */
    static final long MAGIC = 0x6d68732f6370696aL;
    /** Layout version of every kind; bumped on any incompatible change. */
    static final int VERSION = 1;
    /** Length of the common header; kind-specific fields follow up to {@link #LENGTH}. */
    static final int COMMON_LENGTH = 40;
    /** Length of the whole header: kind-specific data starts here or later. */
    static final int LENGTH = 64;

    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = 8;
    static final int KIND_OFFSET = 12;
    static final int CREATOR_PID_OFFSET = 16;
    static final int CREATOR_START_OFFSET = 24;
    static final int FILE_LENGTH_OFFSET = 32;

    /** What a file holds. */
    enum Kind {
        /** A bound channel server: its inbox of connection requests. */
        SERVER(1, "channel server"),
        /** One duplex channel: two rings. */
        CHANNEL(2, "channel"),
        /** A named segment: shared values and arrays. */
        SEGMENT(3, "shared-memory segment");

        final int code;
        final String label;

        Kind(int code, String label) {
            this.code = code;
            this.label = label;
        }

        static String describe(int code) {
            for (Kind kind : values()) {
                if (kind.code == code) {
                    return "a jipc " + kind.label;
                }
            }
            return "an unknown kind " + code;
        }
    }

    private HeaderDescriptor() {
    }

    /** Writes the common header of a new file. */
    static void write(MutableDirectBuffer buffer, Kind kind, ProcessIdentity creator, long fileLength) {
        buffer.putLong(MAGIC_OFFSET, MAGIC, java.nio.ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(VERSION_OFFSET, VERSION);
        buffer.putInt(KIND_OFFSET, kind.code);
        buffer.putLong(CREATOR_PID_OFFSET, creator.pid());
        buffer.putLong(CREATOR_START_OFFSET, creator.startMillis());
        buffer.putLong(FILE_LENGTH_OFFSET, fileLength);
    }

    /** @return the process that created the file */
    static ProcessIdentity creator(DirectBuffer buffer) {
        return new ProcessIdentity(buffer.getLong(CREATOR_PID_OFFSET), buffer.getLong(CREATOR_START_OFFSET));
    }

    /**
     * Checks a header read from a file: magic first, then version, then kind and length.
     *
     * @param header   the first bytes of the file (up to {@link #LENGTH})
     * @param readable how many of them the file has
     * @param fileSize the file's actual size
     * @param path     the file, for messages
     * @param expected what the caller wants the file to hold
     * @throws ShmFileException naming the file and what was wrong
     */
    static void verify(DirectBuffer header, int readable, long fileSize, Path path, Kind expected) {
        if (readable < VERSION_OFFSET) {
            throw new ShmFileException(path, fileSize == 0 ? "is empty: not a jipc shared-memory file (or its creator died "
                + "while creating it)" : "is truncated or not a jipc shared-memory file: " + fileSize
                + " bytes, while the header alone is " + LENGTH + " bytes");
        }
        long magic = header.getLong(MAGIC_OFFSET, java.nio.ByteOrder.LITTLE_ENDIAN);
        if (magic != MAGIC) {
            throw new ShmFileException(path, "is not a jipc shared-memory file: expected magic 0x"
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
        int kind = header.getInt(KIND_OFFSET);
        if (kind != expected.code) {
            throw new ShmFileException(path, "is " + Kind.describe(kind) + ", expected a jipc " + expected.label);
        }
        long declared = header.getLong(FILE_LENGTH_OFFSET);
        if (declared != fileSize) {
            throw new ShmFileException(path, (fileSize < declared ? "is truncated: " : "has the wrong size: ") + fileSize
                + " bytes, while its header says " + declared + " bytes");
        }
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
