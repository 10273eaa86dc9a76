package io.jipc.shm;

import io.jipc.internal.ProcessIdentity;
import io.jipc.shm.file.FileHeader;
import io.jipc.shm.file.ShmFiles;

import java.nio.file.Path;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * One duplex channel's file: the common header ({@link FileHeader}, creator = the client), one cache line per
 * side saying who it is and whether it is open, one cache line per side of statistics, then two Agrona
 * {@code OneToOneRingBuffer}s, one per direction.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |        common header, kind = channel (64 bytes)                |  0
 *  +-------------------------------+-------------------------------+
 *  |  ring capacity (each way)     |          reserved             | 64
 *  +-------------------------------+-------------------------------+
 *  | client asks heartbeats every  | server asks heartbeats every  | 72
 *  | (u32 ms, 0 = none)            | (u32 ms, 0 = none)            |
 *  +-------------------------------+-------------------------------+
 *  |  client heartbeat: System.nanoTime() of its last proof of life | 80
 *  +---------------------------------------------------------------+
 *  |  server heartbeat: System.nanoTime() of its last proof of life | 88
 *  +-------------------------------+-------------------------------+
 *  |  name (0 named, 1 removed)    |     reserved up to 128        | 96
 *  +-------------------------------+-------------------------------+
 *  |  client side: pid (8) | start, kernel ticks (8) | state (4) |..|128
 *  +---------------------------------------------------------------+
 *  |  server side: pid (8) | start, kernel ticks (8) | state (4) |..|192
 *  +---------------------------------------------------------------+
 *  |  client counters (64 bytes, below), then 64 bytes of padding   |256
 *  +---------------------------------------------------------------+
 *  |  server counters (64 bytes, below), then 64 bytes of padding   |384
 *  +---------------------------------------------------------------+
 *  |  ring client -> server: OneToOneRingBuffer (capacity + trailer)|512
 *  +---------------------------------------------------------------+
 *  |  ring server -> client: OneToOneRingBuffer (capacity + trailer)|
 *  +---------------------------------------------------------------+
 * </pre>
 * A side's counters, written only by the process on that side:
 * <pre>
 *  +---------------------------------------------------------------+
 *  |               messages sent (8 bytes)                          |  0
 *  +---------------------------------------------------------------+
 *  |               bytes sent (8 bytes)                             |  8
 *  +---------------------------------------------------------------+
 *  |               messages received (8 bytes)                      | 16
 *  +---------------------------------------------------------------+
 *  |               bytes received (8 bytes)                         | 24
 *  +---------------------------------------------------------------+
 *  |       back-pressure events: offers refused, ring full (8)      | 32
 *  +---------------------------------------------------------------+
 *  |                   reserved up to 64                            | 40
 *  +---------------------------------------------------------------+
 * </pre>
 * The counters are statistics for the jipc tool: each is written by its side's one sending or receiving thread
 * with an ordered store (a plain store on x86: no fence, no compare-and-set) and read by nobody on the hot path.
 * They have cache lines of their own, 128 bytes apart (CPUs fetch lines in pairs, which is why Agrona pads its ring
 * trailer the same way): the peer reads this side's state on every offer, and counters beside it, or beside the
 * other side's counters, would drag a line back and forth between the two processes' cores at every message
 * (measured: the shm throughput ratio fell from about 0.8 to about 0.6 with the counters in the side blocks). The file keeps its name
 * while the channel is open, so the tool can find it; the first side to close removes the name (the one that
 * flips the name word from 0 to 1), and a channel whose processes all died is removed by {@code jipc clean} or by
 * the next bind at its server's address.
 * <p>
 * A side's state goes 0 (absent) to 1 (open) to 2 (closed), each written with release semantics after everything
 * that side wrote into its ring: a reader that sees "closed" and then finds the ring empty has every message.
 * A side with a liveness timeout asks the other for heartbeats: that side then writes its heartbeat word (the
 * machine's monotonic clock, which {@code System.nanoTime()} reads in every process alike) at that interval from
 * a background thread, and a heartbeat older than the timeout means the process lives but does not respond.
 */
final class ChannelDescriptor {

    static final int CAPACITY_OFFSET = 64;
    static final int NAME_OFFSET = 96;
    static final int CLIENT_SIDE_OFFSET = 128;
    static final int SERVER_SIDE_OFFSET = 192;
    static final int SIDE_PID_OFFSET = 0;
    static final int SIDE_START_OFFSET = 8;
    static final int SIDE_STATE_OFFSET = 16;
    static final int CLIENT_COUNTERS_OFFSET = 256;
    static final int SERVER_COUNTERS_OFFSET = 384;
    static final int MESSAGES_SENT_OFFSET = 0;
    static final int BYTES_SENT_OFFSET = 8;
    static final int MESSAGES_RECEIVED_OFFSET = 16;
    static final int BYTES_RECEIVED_OFFSET = 24;
    static final int BACK_PRESSURE_OFFSET = 32;
    static final int RINGS_OFFSET = 512;
    static final int CLIENT_ASKS_OFFSET = 72;
    static final int SERVER_ASKS_OFFSET = 76;
    static final int CLIENT_HEARTBEAT_OFFSET = 80;
    static final int SERVER_HEARTBEAT_OFFSET = 88;

    static final int STATE_ABSENT = 0;
    static final int STATE_OPEN = 1;
    static final int STATE_CLOSED = 2;

    static final int NAMED = 0;
    static final int NAME_REMOVED = 1;

    /** Message type of a user message in a ring. */
    static final int MESSAGE_MSG_TYPE = 1;

    private ChannelDescriptor() {
    }

    /**
     * Removes the channel file's name, once: only the caller that flips the name word does it, so a late closer
     * never removes a later channel's file that happens to reuse the name.
     */
    static void removeName(AtomicBuffer file, Path path) {
        if (file.compareAndSetInt(NAME_OFFSET, NAMED, NAME_REMOVED)) {
            ShmFiles.delete(path);
        }
    }

    /** @return the process on one side, or null when that side never opened */
    static ProcessIdentity side(DirectBuffer file, int sideOffset) {
        long pid = file.getLong(sideOffset + SIDE_PID_OFFSET);
        return pid == 0 ? null : new ProcessIdentity(pid, file.getLong(sideOffset + SIDE_START_OFFSET));
    }

    /** @return true while the client or the server side of a channel file (its first 256 bytes) has a live process */
    static boolean anySideAlive(DirectBuffer file) {
        for (int side : new int[] {CLIENT_SIDE_OFFSET, SERVER_SIDE_OFFSET}) {
            ProcessIdentity process = side(file, side);
            if (process != null && process.isAlive()) {
                return true;
            }
        }
        return false;
    }

    /** @return the length of one ring, trailer included */
    static int ringLength(int capacity) {
        return capacity + RingBufferDescriptor.TRAILER_LENGTH;
    }

    /** @return where the ring written by the client (or, if false, by the server) starts */
    static int ringOffset(boolean writtenByClient, int capacity) {
        return writtenByClient ? RINGS_OFFSET : RINGS_OFFSET + ringLength(capacity);
    }

    /** @return the file length for a ring capacity */
    static long fileLength(int capacity) {
        return RINGS_OFFSET + 2L * ringLength(capacity);
    }

    /**
     * Reads the ring capacity of a mapped channel file, which the other process wrote: checked before any ring is
     * placed by it, so that a broken or foreign file cannot put a ring outside the mapping.
     *
     * @param file the whole mapped file, its header already verified
     * @param path the file, for messages
     * @return the capacity of each ring: a power of two, and the file is exactly {@link #fileLength} of it long
     * @throws ShmFileException naming the file and the mismatch
     */
    static int capacity(DirectBuffer file, Path path) {
        int size = file.capacity();
        if (size < RINGS_OFFSET) {
            throw new ShmFileException(path, "is " + size + " bytes: too short for a jipc channel, whose rings start at byte "
                + RINGS_OFFSET);
        }
        int capacity = file.getInt(CAPACITY_OFFSET);
        if (capacity <= 0 || Integer.bitCount(capacity) != 1) {
            throw new ShmFileException(path, "says its rings hold " + capacity + " bytes, expected a power of two");
        }
        if (fileLength(capacity) != size) {
            throw new ShmFileException(path, "is " + size + " bytes, expected " + fileLength(capacity)
                + " bytes for the two rings of " + capacity + " bytes it says it has");
        }
        return capacity;
    }
}
