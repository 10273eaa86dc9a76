package io.jipc.mq;

import org.agrona.DirectBuffer;

/**
 * The header jipc writes in front of every message in a Chronicle document (little-endian):
 * <pre>
 *   0        2        3        4                 8                                 16
 *   +--------+--------+--------+-----------------+---------------------------------+-------------
 *   | magic  | version| kind   | checksum        | timestamp, epoch milliseconds   | payload ...
 *   | 0x514A |   1    |        | of the payload  | (taken as the append starts)    |
 *   +--------+--------+--------+-----------------+---------------------------------+-------------
 * </pre>
 * The {@code mq:} channel's records ({@link ChannelRecords}) carry their connection id in bytes 8 to 16 instead of
 * a timestamp (a channel is never replayed by time, and every byte costs: appending is bound by the pages a message
 * touches), and their checksum covers the connection id and the payload.
 * The magic and version are checked before anything else, so a document another program wrote into the queue is
 * reported, not misread. The timestamp is taken as the append starts, under this process's append lock: it never
 * decreases along one process's messages (unless the wall clock steps back); between processes, two appends that
 * race can land out of timestamp order by the moments between taking it and Chronicle's write lock (microseconds,
 * more for a producer descheduled there). Replay from a point in time binary-searches it, exact to within that.
 * The checksum ({@link #checksum}) catches a payload damaged on disk.
 */
final class MessageHeader {

    /** Header length; the payload follows. */
    static final int LENGTH = 16;
    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = 2;
    static final int KIND_OFFSET = 3;
    static final int CHECKSUM_OFFSET = 4;
    static final int TIMESTAMP_OFFSET = 8;
    /** Channel records: the connection id, where a message has its timestamp. */
    static final int CONNECTION_OFFSET = 8;

    /** "JQ" read as a little-endian short. */
    static final short MAGIC = 0x514A;
    static final byte VERSION = 1;

    /** A message appended through {@link MessageQueue}. */
    static final byte KIND_MESSAGE = 0;
    /** Kinds 1..15 are the {@code mq:} channel's records ({@link ChannelRecords}). */
    static final byte KIND_CHANNEL_FIRST = 1;

    private static final long MIX = 0x9E3779B97F4A7C15L;

    private MessageHeader() {
    }

    /**
     * A fast 32-bit checksum of the payload (eight bytes at a time, multiply and rotate), for damage on disk, not
     * for tampering.
     */
    static int checksum(DirectBuffer buffer, int offset, int length) {
        return finish(mix(length * MIX, buffer, offset, length));
    }

    /** The checksum of a payload made of one 8-byte word followed by {@code length} bytes of {@code buffer}. */
    static int checksum(long firstWord, DirectBuffer buffer, int offset, int length) {
        long h = Long.rotateLeft(((length + 8) * MIX ^ firstWord) * MIX, 29);
        return finish(mix(h, buffer, offset, length));
    }

    private static long mix(long seed, DirectBuffer buffer, int offset, int length) {
        long h = seed;
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            h = Long.rotateLeft((h ^ buffer.getLong(offset + i)) * MIX, 29);
        }
        for (; i < length; i++) {
            h = Long.rotateLeft((h ^ (buffer.getByte(offset + i) & 0xFF)) * MIX, 13);
        }
        return h;
    }

    private static int finish(long h) {
        return (int) (h ^ (h >>> 32));
    }
}
